package io.herald.bench.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds: any thread records without locks (HdrHistogram's {@link Recorder}); the reporter
 * takes the last interval once a second for the progress line, and the whole run at the end. Thread-safe.
 */
public final class LatencyLog {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram interval;

    public void record(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** The values recorded since the previous call, which are added to the total. */
    public synchronized LatencySummary interval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return LatencySummary.of(interval);
    }

    /** Every value recorded so far. */
    public synchronized LatencySummary total() {
        interval();
        return LatencySummary.of(total);
    }
}
