package io.herald.route.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster of three masters (no replicas) on {@code 127.0.0.1}, formed by the test: three
 * {@link RedisProcess} nodes with {@code cluster-enabled yes}, each with its own folder and {@code nodes.conf},
 * the 16384 slots split in three contiguous ranges, joined with {@code CLUSTER MEET}.
 *
 * <pre>{@code
 * try (RedisClusterProcess cluster = RedisClusterProcess.launch()) {
 *     String seeds = cluster.seeds();           // "redis://127.0.0.1:p1,redis://127.0.0.1:p2,..."
 *     cluster.nodes().get(1).kill();            // a master crashes
 *     cluster.nodes().get(1).start();           // and comes back with its nodes.conf: same id, same slots
 *     cluster.awaitStateOk();
 * }
 * }</pre>
 *
 * <p>Forming takes about two seconds: a master that has just started waits that long before it declares
 * the cluster ok. Called from the test thread.
 */
public final class RedisClusterProcess implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final int SLOTS = 16_384;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);
    // Shorter than the default 15 s so that a killed node is noticed within a test's patience.
    private static final List<String> CLUSTER_ARGS = List.of(
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "1000");

    private final List<RedisProcess> nodes;

    private RedisClusterProcess(List<RedisProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts three masters, assigns all slots, joins them and returns once every node says cluster_state:ok. */
    public static RedisClusterProcess launch() {
        List<RedisProcess> nodes = new ArrayList<>(MASTERS);
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(RedisProcess.launchClusterNode(CLUSTER_ARGS));
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            cluster.form();
            cluster.awaitStateOk();
            return cluster;
        } catch (RuntimeException | Error e) {
            nodes.forEach(RedisProcess::close);
            throw e;
        }
    }

    /** The nodes' URIs, comma-separated: the seeds a cluster client is given. */
    public String seeds() {
        return nodes.stream().map(RedisProcess::uri).collect(Collectors.joining(","));
    }

    /** The three masters, in slot order: node i serves the i-th third of the slots. */
    public List<RedisProcess> nodes() {
        return nodes;
    }

    /**
     * Waits until every node answers and reports {@code cluster_state:ok} with three known masters, each
     * serving slots; e.g. after a node was killed and started again.
     */
    public void awaitStateOk() {
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        long pauseMillis = 10;
        List<String> states = states();
        while (!states.stream().allMatch(RedisClusterProcess::isOk)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("cluster not ok within " + FORM_TIMEOUT + ": " + states);
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 100);
            states = states();
        }
    }

    /** Stops every node and deletes their folders. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (RedisProcess node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Redis Cluster " + seeds();
    }

    private void form() {
        for (int i = 0; i < MASTERS; i++) {
            try (Jedis node = nodes.get(i).connect()) {
                // Distinct epochs up front, as redis-cli does, instead of waiting for collisions to resolve.
                node.clusterSetConfigEpoch(i + 1);
                node.clusterAddSlots(IntStream.range(i * SLOTS / MASTERS, (i + 1) * SLOTS / MASTERS).toArray());
            }
        }
        try (Jedis first = nodes.get(0).connect()) {
            for (RedisProcess other : nodes.subList(1, MASTERS)) {
                first.clusterMeet(RedisProcess.HOST, other.port());
            }
        }
    }

    /** Each node's CLUSTER INFO, or why it could not be read. */
    private List<String> states() {
        List<String> states = new ArrayList<>(MASTERS);
        for (RedisProcess node : nodes) {
            try (Jedis jedis = node.connect()) {
                states.add(jedis.clusterInfo());
            } catch (JedisException e) {
                states.add(node + ": " + e);
            }
        }
        return states;
    }

    private static boolean isOk(String clusterInfo) {
        List<String> lines = clusterInfo.lines().collect(Collectors.toList());
        return lines.contains("cluster_state:ok")
                && lines.contains("cluster_slots_assigned:" + SLOTS)
                && lines.contains("cluster_known_nodes:" + MASTERS)
                && lines.contains("cluster_size:" + MASTERS);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }
}
