package io.herald.route;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The live nodes of the cluster. Each node registers itself with an expiry and keeps renewing it in its
 * heartbeat; a node that stops renewing drops out within the TTL. Every heartbeat also refreshes this node's
 * view of who is alive ({@link #aliveNodes()}), which routers read without a round trip. Stages complete on an
 * executor of the registry's choosing (or at once in memory), never on the caller's event loop.
 */
public interface NodeRegistry {

    /**
     * What a heartbeat learned.
     *
     * @param nodes    the live nodes, this one included
     * @param rejoined whether this node was not registered just before (its first heartbeat, or it had
     *                 dropped out: expired or marked dead), so that its routes may be gone
     */
    record Heartbeat(List<NodeInfo> nodes, boolean rejoined) {
    }

    /** Renews this node's registration, sweeps out the expired and reads the live nodes. */
    CompletionStage<Heartbeat> heartbeat(NodeInfo self);

    /** Reads the live nodes now (and refreshes the view). */
    CompletionStage<List<NodeInfo>> nodes();

    /** The live nodes as of the last heartbeat or read, by id. */
    Map<String, NodeInfo> aliveNodes();

    /** Whether a node was alive at the last heartbeat or read; this node always is. */
    boolean isAlive(String nodeId);

    /**
     * Marks a node dead because it refused a relay: it stops counting here at once, and for everyone (it
     * registers again if it was only briefly unreachable). Completes once the registry has it.
     */
    CompletionStage<Void> markDead(String nodeId);

    /** Removes this node from the cluster: a clean shutdown, so others stop routing here at once. */
    CompletionStage<Void> leave();
}
