package io.herald.route.redis;

import io.herald.route.AcceptedRoutes;
import io.herald.route.ClusterConfig;
import io.herald.route.ClusterStores;
import io.herald.route.Deduplicator;
import io.herald.route.NodeRegistry;
import io.herald.route.RouteRegistry;
import io.herald.route.StreamStore;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The cluster's stores in Redis: one pooled client and one bounded executor shared by the node registry, the
 * route registry, the deduplicator and the stream store, and one {@link Pipeliner} through which a push's dedupe
 * check, stream accept and route read share round trips with the other pushes in flight. A push to a user reads the
 * user's routes in its accept script ({@link AcceptedRoutes}), so it has no route read of its own. Closing closes
 * the executor and the client.
 */
public final class RedisStores implements ClusterStores {

    /** How many calls may wait for a Redis thread before new ones fail at once. */
    private static final int QUEUE = 10_000;

    private final RedisExecutor redis;
    private final RedisNodeRegistry nodes;
    private final RedisRouteRegistry routes;
    private final RedisDeduplicator deduplicator;
    private final RedisStreamStore streams;
    private final RouteSnapshots acceptedRoutes;

    private RedisStores(ClusterConfig config, String nodeId) {
        String uris = config.redis().orElseThrow(() -> new IllegalArgumentException("no Redis in " + config));
        this.redis = new RedisExecutor(RedisClients.connect(uris, config.redisThreads() * 2), config.redisThreads(),
                QUEUE);
        Pipeliner pipeliner = new Pipeliner(redis);
        this.nodes = new RedisNodeRegistry(redis, config.redisPrefix(), nodeId, config.nodeTtl());
        this.routes = new RedisRouteRegistry(redis, pipeliner, config.redisPrefix(), nodes::isAlive, nodes::isAliveNow,
                () -> nodes.aliveNodes().keySet(), config.routeTtl());
        this.deduplicator = new RedisDeduplicator(pipeliner, config.redisPrefix(), config.dedupeWindow());
        this.acceptedRoutes = new RouteSnapshots(System::nanoTime);
        this.streams = new RedisStreamStore(redis, pipeliner, config, PooledByteBufAllocator.DEFAULT,
                System::currentTimeMillis, acceptedRoutes, nodes::isAlive);
    }

    /** Connects the stores of node {@code nodeId} to the Redis of {@code config} (lazily, for a single server). */
    public static RedisStores connect(ClusterConfig config, String nodeId) {
        return new RedisStores(config, nodeId);
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public long calls() {
        return redis.calls();
    }

    @Override
    public long failures() {
        return redis.failures();
    }

    @Override
    public int queued() {
        return redis.queued();
    }

    @Override
    public NodeRegistry nodes() {
        return nodes;
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
    public StreamStore streams() {
        return streams;
    }

    /** The routes each accept of a user push read, in the same script as its seq. */
    @Override
    public AcceptedRoutes acceptedRoutes() {
        return acceptedRoutes;
    }

    @Override
    public void close() {
        redis.close();
    }
}
