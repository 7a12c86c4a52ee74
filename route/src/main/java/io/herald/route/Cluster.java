package io.herald.route;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Everything a node shares with the rest of its cluster: the route registry, the deduplicator, the router and
 * the list of live nodes. A node that runs alone uses {@link InMemoryCluster}.
 */
public interface Cluster extends AutoCloseable {

    /**
     * Joins the cluster, once the node listens and knows its address. Called once, from a thread that may wait
     * (never an event loop).
     */
    void start();

    RouteRegistry routes();

    Deduplicator deduplicator();

    Router router();

    /** Streams (seq and history) and stored pushes, shared with the other nodes. */
    StreamStore streams();

    /** The live nodes of the cluster. */
    CompletionStage<List<NodeInfo>> nodes();

    /**
     * Why the node cannot reach the rest of its cluster right now (Redis down, say), or empty while it can.
     * The node keeps serving its own connections either way.
     */
    Optional<String> degraded();

    /** How many relays to other nodes failed (refused, timed out, answered badly) since the node started. */
    default long relayFailures() {
        return 0;
    }

    /** How many operations (pushes, or their parts) were relayed to other nodes since the node started. */
    default long relayOps() {
        return 0;
    }

    /** How many requests to other nodes carried them (batched where they queue together), retries included. */
    default long relayRequests() {
        return 0;
    }

    /** The stores the cluster shares (Redis): how many calls, how many failed, how many wait now; 0 alone. */
    default long storeCalls() {
        return 0;
    }

    default long storeFailures() {
        return 0;
    }

    default int storeQueued() {
        return 0;
    }

    /**
     * Asks another node of the cluster: {@code POST path} on its API port ({@code address} as {@link NodeInfo} gives
     * it) with the cluster secret; completes with the answer's body where it answered 200, exceptionally where it did
     * not answer in time, refused or answered anything else. A node alone has no other node to ask.
     */
    default CompletionStage<byte[]> ask(String address, String path) {
        return CompletableFuture.failedFuture(new IllegalStateException("a node alone has no other node to ask"));
    }

    /** Stops background work and releases connections; does not wait on an event loop. */
    @Override
    void close();

    /** Builds the cluster for a node; called once the node can deliver. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param node      the node joining
         * @param transport the node's event loops and socket type, for the cluster's own clients
         */
        Cluster create(LocalNode node, ClientTransport transport);
    }
}
