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
}
