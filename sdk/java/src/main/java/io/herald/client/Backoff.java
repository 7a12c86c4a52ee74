package io.herald.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential backoff with full jitter. The n-th attempt in a row waits a random time between 0 and
 * {@code min(max, min * 2^n)}, so that clients dropped together (a node that died) do not come back together.
 * {@link #reset()} at each login. Used on the client's thread.
 */
final class Backoff {

    private static final int MAX_DOUBLINGS = 30;

    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempts;

    Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The bound of the next delay, before jitter. */
    long capMillis() {
        return Math.min(maxMillis, minMillis << Math.min(attempts, MAX_DOUBLINGS));
    }

    /** The delay before the next attempt; counts the attempt. */
    Duration next() {
        long cap = capMillis();
        attempts = Math.min(attempts + 1, MAX_DOUBLINGS);
        return Duration.ofMillis((long) (random.getAsDouble() * cap));
    }

    void reset() {
        attempts = 0;
    }
}
