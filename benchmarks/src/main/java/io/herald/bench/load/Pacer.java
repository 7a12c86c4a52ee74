package io.herald.bench.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces operations at a fixed rate on a schedule set at the start: the k-th is due at {@code start + k / rate},
 * however late the ones before it went, so a stall is followed by a burst that catches up rather than by a lower
 * rate. With rate 0 every operation is due at once. Used by one thread, which it parks; never an event loop.
 */
public final class Pacer {

    private final long intervalNanos;
    private final long startNanos;
    private long issued;

    public Pacer(int perSecond) {
        this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, 1_000_000_000L / perSecond);
        this.startNanos = System.nanoTime();
    }

    /** Waits until the next operation is due; returns when it was due ({@link System#nanoTime()}). */
    public long awaitNext() {
        if (intervalNanos == 0) {
            return System.nanoTime();
        }
        long due = startNanos + issued++ * intervalNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
        return due;
    }
}
