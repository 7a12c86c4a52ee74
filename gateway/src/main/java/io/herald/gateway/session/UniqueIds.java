package io.herald.gateway.session;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes ids (of connections, of messages pushed without one) unique across the cluster and across restarts
 * of a node: the node id, a random per-start part, and a counter. Thread-safe.
 */
public final class UniqueIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public UniqueIds(String nodeId) {
        this.prefix = nodeId + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36) + "-";
    }

    public String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
