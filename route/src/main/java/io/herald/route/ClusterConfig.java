package io.herald.route;

import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static io.herald.codec.InvalidConfigException.requireAtLeast;
import static io.herald.codec.InvalidConfigException.requirePositive;

/**
 * What a node shares with its cluster, and how: the one owner of every cluster setting, for a node alone (no
 * {@code redis}) as for one in a cluster. Immutable and validated when constructed, so no bad instance exists;
 * {@link Builder} holds the defaults that {@code herald serve --help} shows.
 *
 * @param redis            one {@code redis://} or {@code rediss://} URI, or several comma-separated (Redis
 *                         Cluster); empty for a node alone
 * @param redisPrefix      the prefix of every Redis key
 * @param clusterSecret    the secret nodes present to each other's {@code /internal/relay}; required with
 *                         {@code redis}
 * @param nodeTtl          how long a node counts as alive without renewing; it renews every third of it
 * @param routeTtl         how long a user's routes live in Redis without a refresh
 * @param relayTimeout     the bound on one relay: connect, wait and answer
 * @param redisThreads     the threads that run Redis calls
 * @param relayConnections the most pooled connections to one other node
 * @param dedupeWindow     how long a message id is remembered
 */
public record ClusterConfig(Optional<String> redis, String redisPrefix, Optional<String> clusterSecret,
                            Duration nodeTtl, Duration routeTtl, Duration relayTimeout, int redisThreads,
                            int relayConnections, Duration dedupeWindow) {

    /** The shortest cluster secret accepted. */
    public static final int MIN_CLUSTER_SECRET_CHARS = 16;

    public ClusterConfig {
        redis.ifPresent(ClusterConfig::requireRedisUris);
        if (redisPrefix == null) {
            throw new InvalidConfigException("redisPrefix", null, "a key prefix, such as herald:");
        }
        if (redis.isPresent() && clusterSecret.isEmpty()) {
            throw new InvalidConfigException("clusterSecret", "(none)", "a secret shared by the nodes, with --redis");
        }
        if (clusterSecret.isPresent() && clusterSecret.get().length() < MIN_CLUSTER_SECRET_CHARS) {
            throw new InvalidConfigException("clusterSecret", "(" + clusterSecret.get().length() + " characters)",
                    "at least " + MIN_CLUSTER_SECRET_CHARS + " characters, the same on every node");
        }
        requirePositive("nodeTtl", nodeTtl);
        requirePositive("routeTtl", routeTtl);
        requirePositive("relayTimeout", relayTimeout);
        requirePositive("dedupeWindow", dedupeWindow);
        if (routeTtl.compareTo(nodeTtl) < 0) {
            throw new InvalidConfigException("routeTtl", routeTtl, "at least nodeTtl, " + nodeTtl);
        }
        requireAtLeast("redisThreads", redisThreads, 1);
        requireAtLeast("relayConnections", relayConnections, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the node joins a cluster (through Redis) rather than running alone. */
    public boolean clustered() {
        return redis.isPresent();
    }

    /** How often the node renews itself and its routes. */
    public Duration heartbeatInterval() {
        return nodeTtl.dividedBy(3);
    }

    /** Whether the Redis URIs name a Redis Cluster (several seeds). */
    public boolean redisCluster() {
        return redis.map(uris -> uris.contains(",")).orElse(false);
    }

    private static void requireRedisUris(String uris) {
        String expected = "redis://[:password@]host:port[/db] or rediss://, several comma-separated for Redis Cluster";
        for (String part : uris.split(",", -1)) {
            URI uri;
            try {
                uri = URI.create(part.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("redis", part.trim(), expected);
            }
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidConfigException("redis", part.trim(), expected);
            }
        }
    }

    /** Collects the settings of a {@link ClusterConfig}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private String redis;
        private String redisPrefix = "herald:";
        private String clusterSecret;
        private Duration nodeTtl = Duration.ofSeconds(10);
        private Duration routeTtl = Duration.ofMinutes(2);
        private Duration relayTimeout = Duration.ofSeconds(2);
        private int redisThreads = 4;
        private int relayConnections = 8;
        private Duration dedupeWindow = Duration.ofMinutes(5);

        private Builder() {
        }

        /** Joins a cluster through this Redis; {@code null} for a node alone. */
        public Builder redis(String redis) {
            this.redis = redis;
            return this;
        }

        public Builder redisPrefix(String redisPrefix) {
            this.redisPrefix = redisPrefix;
            return this;
        }

        public Builder clusterSecret(String clusterSecret) {
            this.clusterSecret = clusterSecret;
            return this;
        }

        public Builder nodeTtl(Duration nodeTtl) {
            this.nodeTtl = nodeTtl;
            return this;
        }

        public Builder routeTtl(Duration routeTtl) {
            this.routeTtl = routeTtl;
            return this;
        }

        public Builder relayTimeout(Duration relayTimeout) {
            this.relayTimeout = relayTimeout;
            return this;
        }

        public Builder redisThreads(int redisThreads) {
            this.redisThreads = redisThreads;
            return this;
        }

        public Builder relayConnections(int relayConnections) {
            this.relayConnections = relayConnections;
            return this;
        }

        public Builder dedupeWindow(Duration dedupeWindow) {
            this.dedupeWindow = dedupeWindow;
            return this;
        }

        public ClusterConfig build() {
            return new ClusterConfig(Optional.ofNullable(redis), redisPrefix, Optional.ofNullable(clusterSecret),
                    nodeTtl, routeTtl, relayTimeout, redisThreads, relayConnections, dedupeWindow);
        }
    }
}
