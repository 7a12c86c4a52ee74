package io.herald.route;

import io.netty.buffer.PooledByteBufAllocator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A cluster of one: the node that runs without Redis. Same API, all in memory, nothing shared.
 */
public final class InMemoryCluster implements Cluster {

    private final LocalNode node;
    private final InMemoryRouteRegistry routes = new InMemoryRouteRegistry();
    private final InMemoryDeduplicator deduplicator;
    private final LocalRouter router;
    private final InMemoryStreamStore streams;

    public InMemoryCluster(LocalNode node, ClusterConfig config) {
        this.node = node;
        this.deduplicator = new InMemoryDeduplicator(config.dedupeWindow(), config.dedupeMaxIds());
        this.router = new LocalRouter(node, routes);
        this.streams = new InMemoryStreamStore(config, PooledByteBufAllocator.DEFAULT, System::currentTimeMillis);
    }

    /** Builds the cluster of a node that runs alone. */
    public static Cluster.Factory factory(ClusterConfig config) {
        return (node, transport) -> new InMemoryCluster(node, config);
    }

    @Override
    public void start() {
        // Alone: nothing to join.
    }

    @Override
    public RouteRegistry routes() {
        return routes;
    }

    @Override
    public Deduplicator deduplicator() {
        return deduplicator;
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public StreamStore streams() {
        return streams;
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        return CompletableFuture.completedFuture(
                List.of(new NodeInfo(node.id(), node.address(), node.connectionCount())));
    }

    @Override
    public Optional<String> degraded() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // Nothing runs in the background.
    }
}
