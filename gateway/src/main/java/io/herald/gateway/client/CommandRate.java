package io.herald.gateway.client;

/**
 * One connection's command budget ({@code --command-rate N}): N commands a second, and a burst of N. A token bucket
 * kept as the one time at which it would be full again (the generic cell rate algorithm): a command costs a
 * comparison and an addition, and the bucket needs no timer. Reads the time it is given (the event loop's clock).
 * Belongs to its channel's event loop.
 */
final class CommandRate {

    private final long intervalNanos;
    private final long toleranceNanos;
    /** When the bucket would be full again, with every command taken so far. */
    private long fullAt = Long.MIN_VALUE;

    /**
     * @param perSecond commands a second, at least 1; as many may come at once
     */
    CommandRate(int perSecond) {
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.toleranceNanos = (perSecond - 1) * intervalNanos;
    }

    /** Takes one command at {@code nowNanos}; false, taking nothing, where the budget is spent. */
    boolean take(long nowNanos) {
        long from = Math.max(fullAt, nowNanos);
        if (from - nowNanos > toleranceNanos) {
            return false;
        }
        fullAt = from + intervalNanos;
        return true;
    }
}
