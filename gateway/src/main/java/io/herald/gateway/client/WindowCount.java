package io.herald.gateway.client;

import java.time.Duration;

/**
 * Counts one kind of misbehaviour of one connection and says when there was more of it than {@code limit} within a
 * window that opens at the first one: more than 10 bad frames in 10 s, more refused commands than the command rate
 * in 10 s. Reads the time it is given (the event loop's clock); no timer. Belongs to its channel's event loop.
 */
final class WindowCount {

    private final int limit;
    private final long windowNanos;
    private long windowStart;
    private int count;

    WindowCount(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /** Counts one at {@code nowNanos}; whether that makes more than the limit within the window. */
    boolean overLimit(long nowNanos) {
        if (count == 0 || nowNanos - windowStart >= windowNanos) {
            windowStart = nowNanos;
            count = 0;
        }
        return ++count > limit;
    }
}
