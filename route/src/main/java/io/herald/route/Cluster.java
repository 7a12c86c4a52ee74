package io.herald.route;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Everything a node shares with the rest of its cluster: the route registry, the deduplicator, the router and
 * the list of live nodes. A node that runs alone uses {@link InMemoryCluster}.
 */
public interface Cluster extends AutoCloseable {

    RouteRegistry routes();

    Deduplicator deduplicator();

    Router router();

    /** The live nodes of the cluster. */
    CompletionStage<List<NodeInfo>> nodes();

    /** Stops background work and releases connections; does not wait on an event loop. */
    @Override
    void close();

    /** Builds the cluster for a node; called once the node can deliver. */
    @FunctionalInterface
    interface Factory {
        Cluster create(LocalNode node);
    }
}
