package io.herald.gateway.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's bound on API work under way ({@code --api-inflight}): a place is taken when a request is handed to its
 * endpoint and given back once it is answered; a request that finds every place taken is refused, and counted (for the
 * node's metrics). One per node, shared by every API connection. Thread-safe; taken and given back on the API loops.
 */
public final class ApiInflight {

    private final int max;
    private final AtomicInteger taken = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    /**
     * @param max the most requests under way at once; 0 for no limit
     */
    public ApiInflight(int max) {
        this.max = max;
    }

    /** The most requests under way at once; 0 for no limit. */
    public int max() {
        return max;
    }

    /** Takes a place; returns false, taking none and counting a refusal, where every place is taken. */
    boolean tryTake() {
        if (taken.incrementAndGet() <= max || max == 0) {
            return true;
        }
        taken.decrementAndGet();
        refused.increment();
        return false;
    }

    /** Gives back a place taken before. */
    void giveBack() {
        taken.decrementAndGet();
    }

    /** How many requests are under way now. */
    public int inFlight() {
        return taken.get();
    }

    /** How many requests were refused since the node started. */
    public long refused() {
        return refused.sum();
    }
}
