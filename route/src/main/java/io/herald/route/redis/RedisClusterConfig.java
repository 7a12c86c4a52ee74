package io.herald.route.redis;

import io.herald.codec.InvalidConfigException;

import java.time.Duration;

/**
 * How a node joins a cluster through Redis. Immutable; {@link Builder#build()} validates every setting and
 * fails with the setting, the value and what was expected.
 *
 * @param redis              one {@code redis://} or {@code rediss://} URI, or several comma-separated (Redis Cluster)
 * @param keyPrefix          the prefix of every key
 * @param clusterSecret      the secret nodes present to each other's {@code /internal/relay}
 * @param nodeTtl            how long a node counts as alive without renewing; it renews every third of it
 * @param routeTtl           how long a user's routes live without a refresh
 * @param relayTimeout       the bound on one relay: connect, wait and answer
 * @param redisThreads       the threads that run Redis calls
 * @param relayConnections   the most pooled connections to one other node
 */
public record RedisClusterConfig(String redis, String keyPrefix, String clusterSecret,
                                 Duration nodeTtl, Duration routeTtl, Duration relayTimeout, int redisThreads,
                                 int relayConnections) {

    /** The shortest cluster secret accepted. */
    public static final int MIN_CLUSTER_SECRET_CHARS = 16;

    public static Builder builder() {
        return new Builder();
    }

    /** How often the node renews itself and its routes. */
    public Duration heartbeatInterval() {
        return nodeTtl.dividedBy(3);
    }

    /** Builds a {@link RedisClusterConfig}. Not thread-safe. */
    public static final class Builder {
        private String redis;
        private String keyPrefix = "herald:";
        private String clusterSecret;
        private Duration nodeTtl = Duration.ofSeconds(10);
        private Duration routeTtl = Duration.ofMinutes(2);
        private Duration relayTimeout = Duration.ofSeconds(2);
        private int redisThreads = 4;
        private int relayConnections = 8;

        private Builder() {
        }

        public Builder redis(String redis) {
            this.redis = redis;
            return this;
        }

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
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

        public RedisClusterConfig build() {
            if (redis == null || redis.isBlank()) {
                throw new InvalidConfigException("redis", "(none)", "redis://host:port");
            }
            RedisClients.validate(redis);
            if (clusterSecret == null || clusterSecret.length() < MIN_CLUSTER_SECRET_CHARS) {
                throw new InvalidConfigException("clusterSecret",
                        clusterSecret == null ? "(none)" : "(" + clusterSecret.length() + " characters)",
                        "at least " + MIN_CLUSTER_SECRET_CHARS + " characters, the same on every node");
            }
            positive("nodeTtl", nodeTtl);
            positive("routeTtl", routeTtl);
            positive("relayTimeout", relayTimeout);
            if (routeTtl.compareTo(nodeTtl) < 0) {
                throw new InvalidConfigException("routeTtl", routeTtl, "at least nodeTtl, " + nodeTtl);
            }
            if (redisThreads < 1) {
                throw new InvalidConfigException("redisThreads", redisThreads, ">= 1");
            }
            if (relayConnections < 1) {
                throw new InvalidConfigException("relayConnections", relayConnections, ">= 1");
            }
            return new RedisClusterConfig(redis, keyPrefix, clusterSecret, nodeTtl, routeTtl,
                    relayTimeout, redisThreads, relayConnections);
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidConfigException(name, value, "> 0");
            }
        }
    }
}
