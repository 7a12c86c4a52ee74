package io.herald.route;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes ids (of connections, of messages pushed without one) unique across the cluster and across restarts
 * of a node: {@code NODE:RANDOM:COUNTER}, the node id, a random per-start part, and a counter. Node ids have
 * no colon, so any node can tell from a connection id which node holds it. Thread-safe.
 */
public final class UniqueIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public UniqueIds(String nodeId) {
        this.prefix = nodeId + ":" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36)
                + ":";
    }

    public String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }

    /** The node that made an id, or {@code null} where the id was not made by {@link UniqueIds}. */
    public static String nodeOf(String id) {
        int colon = id.indexOf(':');
        return colon <= 0 ? null : id.substring(0, colon);
    }
}
