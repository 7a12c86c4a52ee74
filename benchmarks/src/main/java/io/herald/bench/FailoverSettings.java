package io.herald.bench;

import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The checks {@link BenchConfig} makes of the {@code failover} scenario's settings, and the defaults it derives:
 * the kill a third of the way through, of the second node. Stateless.
 */
final class FailoverSettings {

    /** The node killed where none is named: the second, counting from 1. */
    static final int DEFAULT_KILL_NODE = 2;

    private FailoverSettings() {
    }

    /**
     * What {@code failover} needs: several nodes, each with its API (pushes go through all of them), a rate, a
     * duration rather than a count, single-user pushes, and its clients in this process.
     */
    static void check(int rate, long count, int batch, Optional<String> group, Duration warmup, List<URI> ws,
                      List<URI> api, List<Long> serverPids, int processes) {
        if (ws.size() < 2) {
            throw new InvalidConfigException("ws", ws, "at least two client addresses, one per node, for failover");
        }
        if (api.size() != ws.size()) {
            throw new InvalidConfigException("api", api, "one per --ws address (" + ws.size() + ") for failover: "
                    + "pushes go through every node's API");
        }
        if (!serverPids.isEmpty() && serverPids.size() != ws.size()) {
            throw new InvalidConfigException("serverPid", serverPids, "none, or one per node (" + ws.size()
                    + "), for failover");
        }
        require("rate", rate, rate > 0, "> 0 for failover: pushes a second");
        require("count", count, count == 0, "none for failover: it pushes for --duration");
        require("batch", batch, batch == 1, "1 for failover: each push goes to one user");
        require("group", group.orElse(null), group.isEmpty(), "none for failover: it pushes to users");
        require("warmup", warmup, warmup.isZero(), "0s for failover");
        require("processes", processes, processes <= 1, "0 or 1 for failover: its clients live in this process");
    }

    /** A third of {@code duration} where none is given; otherwise at least 0 and less than {@code duration}. */
    static Duration killAfter(Duration killAfter, Duration duration) {
        if (killAfter == null) {
            return duration.dividedBy(3);
        }
        require("killAfter", killAfter, !killAfter.isNegative() && killAfter.compareTo(duration) < 0,
                ">= 0 and less than --duration (" + duration + ")");
        return killAfter;
    }

    /** The second node where none is given; otherwise 0 (none) to the number of nodes. */
    static int killNode(Integer killNode, int nodes) {
        if (killNode == null) {
            return DEFAULT_KILL_NODE;
        }
        require("killNode", killNode, killNode >= 0 && killNode <= nodes, "0 (none) to " + nodes + ", the nodes");
        return killNode;
    }

    /** The other scenarios kill nothing. */
    static void none(Duration killAfter, Integer killNode) {
        if (killAfter != null) {
            throw new InvalidConfigException("killAfter", killAfter, "only with the failover scenario");
        }
        if (killNode != null) {
            throw new InvalidConfigException("killNode", killNode, "only with the failover scenario");
        }
    }

    private static void require(String setting, Object value, boolean ok, String expected) {
        if (!ok) {
            throw new InvalidConfigException(setting, value, expected);
        }
    }
}
