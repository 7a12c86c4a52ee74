package io.herald.gateway.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's limit on client connections ({@code --max-connections}): a place is taken when a connection
 * opens and given back when it closes. One per node, owned by the node and shared by every connection.
 * Thread-safe.
 */
public final class ConnectionSlots {

    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    /**
     * @param max the most connections at once; 0 for no limit
     */
    public ConnectionSlots(int max) {
        this.max = max;
    }

    /** Whether the node limits its connections at all. */
    public boolean limited() {
        return max > 0;
    }

    /** Takes a place; returns false, taking none, where every place is taken. */
    boolean tryTake() {
        if (taken.incrementAndGet() <= max) {
            return true;
        }
        taken.decrementAndGet();
        return false;
    }

    /** How many places are taken now. */
    public int taken() {
        return taken.get();
    }

    /** Gives back a place taken before. */
    void giveBack() {
        taken.decrementAndGet();
    }
}
