package io.herald.bench.measure;

/** Latency summaries as a run makes them, for tests here and of the renderers. */
public final class Latencies {

    private Latencies() {
    }

    /** The latencies 1 to {@code count} µs, as a run's histogram summarizes them. */
    public static LatencySummary oneTo(int count) {
        LatencyLog log = new LatencyLog();
        for (int micros = 1; micros <= count; micros++) {
            log.record(micros);
        }
        return log.total();
    }
}
