package io.herald.gateway.cluster;

import io.herald.gateway.ApiClient;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.WsClient;
import io.herald.route.ClusterConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several {@link ClusterNode}s that form one cluster through one Redis (a server or a Redis Cluster), under a
 * key prefix of their own, so tests that share a Redis never see each other's keys. Short TTLs keep the tests
 * fast: nodes renew themselves every 667 ms. Also the cluster-wide queries the tests ask through any node's
 * API. {@link #close()} stops every node. Used from the test thread.
 */
final class ClusterNodes implements AutoCloseable {

    /** How long a node counts as alive without renewing; it renews every third of it. */
    static final Duration NODE_TTL = Duration.ofSeconds(2);

    /** The bound on one relay. */
    static final Duration RELAY_TIMEOUT = Duration.ofMillis(500);

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final String keyPrefix = "it" + PREFIXES.incrementAndGet() + ":";
    private final ClusterConfig config;
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    /** Nodes {@link #stop stopped} by a test, whose clients {@link #close} drops. */
    private final List<ClusterNode> stopped = new ArrayList<>();
    private final AtomicLong sentinels = new AtomicLong();

    /** @param redis a {@code redis://} URI, or a Redis Cluster's comma-separated seeds */
    ClusterNodes(String redis) {
        this.config = ClusterConfig.builder()
                .redis(redis)
                .redisPrefix(keyPrefix)
                .clusterSecret(ClusterNode.CLUSTER_SECRET)
                .nodeTtl(NODE_TTL)
                .relayTimeout(RELAY_TIMEOUT)
                .build();
    }

    /** The cluster's settings, as every node here is given them. */
    ClusterConfig config() {
        return config;
    }

    /** The prefix of every key these nodes write. */
    String keyPrefix() {
        return keyPrefix;
    }

    /**
     * Starts the nodes and makes sure each one knows all the others: asking a node for {@code /api/nodes}
     * reads the live nodes from Redis and refreshes its own view, as its next heartbeat would.
     */
    List<ClusterNode> startMeshed(String... ids) {
        List<ClusterNode> started = new ArrayList<>();
        for (String id : ids) {
            started.add(start(id));
        }
        mesh();
        return started;
    }

    /** Starts one node; the nodes already running learn of it at their next heartbeat. */
    ClusterNode start(String id) {
        return start(id, settings -> settings);
    }

    /** Starts one node with its settings changed by {@code settings} (the cluster's stay). */
    ClusterNode start(String id, UnaryOperator<GatewayConfig.Builder> settings) {
        ClusterNode node = ClusterNode.start(id, config, settings);
        nodes.put(id, node);
        return node;
    }

    /** Refreshes every node's view of the cluster now; checks that each sees every node started. */
    void mesh() {
        for (ClusterNode node : nodes.values()) {
            assertThat(liveNodes(node.api()).keySet()).as("the nodes %s sees", node).isEqualTo(nodes.keySet());
        }
    }

    /** Stops one node: it leaves the cluster at once and closes its clients with 1001. */
    void stop(ClusterNode node) {
        nodes.remove(node.id());
        stopped.add(node);
        node.stopServer();
    }

    /**
     * Checks that each client has received nothing it has not read yet, without waiting for silence: pushes a
     * fresh message to each client's connection through the first node's API (relayed where the client is
     * elsewhere) and checks that it is the next message the client reads. Pushes to one connection are written
     * in the order they were accepted, so anything delivered before would have arrived first.
     */
    void assertNothingMoreFor(WsClient... clients) {
        ApiClient api = nodes.values().iterator().next().api();
        for (WsClient client : clients) {
            String id = "sentinel-" + sentinels.incrementAndGet();
            assertThat(api.push(Map.of("conn", client.conn(), "id", id, "data", "sentinel")).data("delivered"))
                    .as("sentinel delivered to %s", client.conn()).isEqualTo(1);
            assertThat(client.nextPush()).as("the next message after everything sent before")
                    .containsEntry("id", id);
        }
    }

    @Override
    public void close() {
        List<ClusterNode> running = new ArrayList<>(nodes.values());
        nodes.clear();
        stopped.forEach(ClusterNode::dropClients);
        stopped.clear();
        AssertionError failure = null;
        for (ClusterNode node : running) {
            try {
                node.close();
            } catch (RuntimeException | AssertionError e) {
                failure = failure == null ? new AssertionError("could not stop every node", e) : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** {@code GET /api/nodes}: the live nodes' ids and connection counts. */
    static Map<String, Integer> liveNodes(ApiClient api) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map<String, Object> node : list(api.get("/api/nodes").expect(200).data("nodes"))) {
            counts.put((String) node.get("node"), (Integer) node.get("connections"));
        }
        return counts;
    }

    /** {@code GET /api/nodes}: the live nodes' ids and addresses. */
    static Map<String, String> nodeAddresses(ApiClient api) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (Map<String, Object> node : list(api.get("/api/nodes").expect(200).data("nodes"))) {
            addresses.put((String) node.get("node"), (String) node.get("address"));
        }
        return addresses;
    }

    /** {@code GET /api/online}: the user's connections, each {@code {"conn":…,"node":…,"device":…}}. */
    static List<Map<String, Object>> connections(ApiClient api, String uid) {
        ApiClient.Reply reply = api.get("/api/online?uid=" + encode(uid)).expect(200);
        List<Map<String, Object>> connections = list(reply.data("connections"));
        assertThat(reply.data("online")).as("online, for %s", connections).isEqualTo(!connections.isEmpty());
        return connections;
    }

    /** The ids of the user's connections the cluster knows, sorted. */
    static Set<String> connectionIds(ApiClient api, String uid) {
        Set<String> ids = new TreeSet<>();
        connections(api, uid).forEach(connection -> ids.add((String) connection.get("conn")));
        return ids;
    }

    /** {@code GET /api/groups/online}: the group's connected members, sorted; checks the count says as much. */
    static Set<String> onlineMembers(ApiClient api, String group) {
        ApiClient.Reply reply = api.get("/api/groups/online?group=" + encode(group)).expect(200);
        @SuppressWarnings("unchecked")
        List<String> uids = (List<String>) reply.data("uids");
        assertThat(reply.data("count")).isEqualTo(uids.size());
        return new TreeSet<>(uids);
    }

    static void join(ApiClient api, String group, String uid) {
        assertThat(api.post("/api/groups/join", Map.of("group", group, "uid", uid)).expect(200).data()).isEmpty();
    }

    static void leave(ApiClient api, String group, String uid) {
        assertThat(api.post("/api/groups/leave", Map.of("group", group, "uid", uid)).expect(200).data()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
