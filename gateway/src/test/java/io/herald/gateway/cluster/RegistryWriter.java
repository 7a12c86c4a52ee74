package io.herald.gateway.cluster;

import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Writes the cluster's Redis keys directly (their layout is documented in {@code io.herald.route.redis}), to
 * put there what no real node would: a node that never answers, or one that is gone, holding a user's
 * connection. One Redis server, not a Redis Cluster. Used from the test thread.
 */
final class RegistryWriter implements AutoCloseable {

    private final RedisClient redis;
    private final String prefix;

    RegistryWriter(String redisUri, String keyPrefix) {
        this.redis = RedisClient.create(URI.create(redisUri));
        this.prefix = keyPrefix;
    }

    /** Registers a node as alive for {@code aliveFor} (long enough for the test), with no connections. */
    void registerNode(String id, String address, Duration aliveFor) {
        redis.zadd(prefix + "{nodes}:alive", System.currentTimeMillis() + aliveFor.toMillis(), id);
        redis.hset(prefix + "{nodes}:info", id, address + "\t0");
    }

    /** Records that {@code node} holds connection {@code conn} of {@code uid} (no device). */
    void addRoute(String uid, String conn, String node) {
        redis.hset(userConnections(uid), conn, node + "\t");
    }

    /** The user's routes as Redis holds them: connection id to {@code node TAB device}. */
    Map<String, String> routes(String uid) {
        return redis.hgetAll(userConnections(uid));
    }

    private String userConnections(String uid) {
        return prefix + "{u:" + uid + "}:conns";
    }

    @Override
    public void close() {
        redis.close();
    }
}
