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
 * @param dedupeMaxIds     the most message ids a node alone remembers; past it the oldest are forgotten before
 *                         their window ends (in Redis, Redis's own memory settings bound them)
 * @param historySize      how many pushes each stream keeps for recovery; 0 turns streams off
 * @param historyTtl       how long a push stays in its stream's history
 * @param historyMemoryBytes the most heap a node alone spends on history, all streams together (each push's frame
 *                         and id plus {@code InMemoryStreamStore.ENTRY_OVERHEAD}); past it the oldest pushes go
 *                         first (in Redis, Redis's own memory settings bound it)
 */
public record ClusterConfig(Optional<String> redis, String redisPrefix, Optional<String> clusterSecret,
                            Duration nodeTtl, Duration routeTtl, Duration relayTimeout, int redisThreads,
                            int relayConnections, Duration dedupeWindow, int dedupeMaxIds, int historySize,
                            Duration historyTtl, int historyMemoryBytes) {

    /**
     * How long a stream's epoch and seq outlive its last push, so that a client that was away longer than the
     * history's ttl but missed nothing still recovers (past this, it is told the stream was lost).
     */
    public static final Duration STREAM_TTL = Duration.ofDays(1);

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
        requireAtLeast("dedupeMaxIds", dedupeMaxIds, 1);
        if (routeTtl.compareTo(nodeTtl) < 0) {
            throw new InvalidConfigException("routeTtl", routeTtl, "at least nodeTtl, " + nodeTtl);
        }
        requireAtLeast("redisThreads", redisThreads, 1);
        requireAtLeast("relayConnections", relayConnections, 1);
        requireAtLeast("historySize", historySize, 0);
        requirePositive("historyTtl", historyTtl);
        if (historyTtl.compareTo(STREAM_TTL) > 0) {
            throw new InvalidConfigException("historyTtl", historyTtl, "at most " + STREAM_TTL.toHours() + "h");
        }
        requireAtLeast("historyMemoryBytes", historyMemoryBytes, 0);
    }

    /** Whether pushes are accepted on streams, with seqs and history. */
    public boolean streamsOn() {
        return historySize > 0;
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
        private int dedupeMaxIds = 250_000;
        private int historySize = 100;
        private Duration historyTtl = Duration.ofMinutes(5);
        private int historyMemoryBytes = 64 << 20;

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

        public Builder dedupeMaxIds(int dedupeMaxIds) {
            this.dedupeMaxIds = dedupeMaxIds;
            return this;
        }

        /** How many pushes each stream keeps; 0 turns streams off. */
        public Builder historySize(int historySize) {
            this.historySize = historySize;
            return this;
        }

        public Builder historyTtl(Duration historyTtl) {
            this.historyTtl = historyTtl;
            return this;
        }

        public Builder historyMemoryBytes(int historyMemoryBytes) {
            this.historyMemoryBytes = historyMemoryBytes;
            return this;
        }

        public ClusterConfig build() {
            return new ClusterConfig(Optional.ofNullable(redis), redisPrefix, Optional.ofNullable(clusterSecret),
                    nodeTtl, routeTtl, relayTimeout, redisThreads, relayConnections, dedupeWindow, dedupeMaxIds,
                    historySize, historyTtl, historyMemoryBytes);
        }
    }
}
