package io.herald.route.redis;

/**
 * The names of Herald's keys under one prefix; see the package documentation for what each holds.
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String userConnections(String uid) {
        return prefix + "{u:" + uid + "}:conns";
    }

    /**
     * When each connection of a user logged in, where a per-user limit is set: a sorted set of connection ids scored
     * by the Redis clock in microseconds, beside the user's routes, so that the limit's script finds the oldest.
     */
    String userConnectionOrder(String uid) {
        return prefix + "{u:" + uid + "}:conn-order";
    }

    String userGroups(String uid) {
        return prefix + "{u:" + uid + "}:groups";
    }

    String groupMembers(String group) {
        return prefix + "{g:" + group + "}:members";
    }

    String aliveNodes() {
        return prefix + "{nodes}:alive";
    }

    String nodeInfo() {
        return prefix + "{nodes}:info";
    }

    String message(String id) {
        return prefix + "{m:" + id + "}";
    }

    /** A stream's epoch and seq (and its user's stored-push counter): a hash, beside the stream's other keys. */
    String stream(String stream) {
        return prefix + streamTag(stream) + ":stream";
    }

    /** A stream's history: a sorted set scored by seq. */
    String history(String stream) {
        return prefix + streamTag(stream) + ":history";
    }

    /** A user's stored pushes, by the order they were stored: a sorted set of ids. */
    String storedOrder(String uid) {
        return prefix + "{u:" + uid + "}:stored";
    }

    /** A user's stored pushes' frames: a hash of id to {@code expiresAt:receipt:seq:frame}. */
    String storedFrames(String uid) {
        return prefix + "{u:" + uid + "}:stored-frames";
    }

    /** Stored pushes that asked for receipts, by when they expire: a sorted set of {@code uid TAB id}. */
    String receiptsDue() {
        return prefix + "{receipts}:due";
    }

    /**
     * The hash tag of a stream's keys: a user's stream shares its user's tag (routes, stored pushes), so that one
     * script can touch them all on Redis Cluster.
     */
    private static String streamTag(String stream) {
        if (stream.startsWith("user:")) {
            return "{u:" + stream.substring(5) + "}";
        }
        if (stream.startsWith("group:")) {
            return "{g:" + stream.substring(6) + "}";
        }
        return "{s:" + stream + "}";
    }
}
