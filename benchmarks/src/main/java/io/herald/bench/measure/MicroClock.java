package io.herald.bench.measure;

import java.time.Instant;

/**
 * Wall-clock time in microseconds since the epoch, read from {@link System#nanoTime()} anchored once to the
 * system clock: cheap, monotonic within the process, and comparable with another process's on the same
 * machine to within the anchors' error (microseconds). Pushes carry it as their send time. Thread-safe.
 */
public final class MicroClock {

    private final long anchorMicros;
    private final long anchorNanos;

    public MicroClock() {
        Instant now = Instant.now();
        this.anchorNanos = System.nanoTime();
        this.anchorMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    public long nowMicros() {
        return anchorMicros + (System.nanoTime() - anchorNanos) / 1000;
    }

    /** The epoch microseconds of a {@link System#nanoTime()} reading. */
    public long micros(long nanoTime) {
        return anchorMicros + (nanoTime - anchorNanos) / 1000;
    }
}
