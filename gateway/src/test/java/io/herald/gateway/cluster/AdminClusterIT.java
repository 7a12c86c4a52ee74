package io.herald.gateway.cluster;

import io.herald.gateway.WsClient;
import io.herald.gateway.api.AdminStatsEndpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page's figures are the cluster's: {@code /api/admin/stats} on any node lists every live node with the
 * figures that node answered for itself ({@code POST /internal/admin/stats}), and a listed node that does not answer
 * shows with its connection count from Redis and no figures (PROTOCOL.md, "Metrics and admin").
 */
class AdminClusterIT extends TwoNodesOnRedis {


    @Test
    @SuppressWarnings("unchecked")
    void eachNodeOfTheClusterComesWithItsOwnFigures() {
        WsClient alice = n2.login("alice");
        n2.login("bob");
        n1.api().push(Map.of("uid", "alice", "id", "relayed", "data", 1));
        assertThat(alice.nextPush()).containsEntry("id", "relayed");

        for (ClusterNode asked : List.of(n1, n2)) {
            Map<String, Object> stats = asked.api().get("/api/admin/stats").expect(200).data();
            assertThat(stats).containsEntry("node", asked.id());
            Map<String, Map<String, Object>> nodes = byId((List<Map<String, Object>>) stats.get("nodes"));
            assertThat(nodes).containsOnlyKeys("n1", "n2");
            Map<String, Object> took = (Map<String, Object>) nodes.get("n1").get("stats");
            Map<String, Object> wrote = (Map<String, Object>) nodes.get("n2").get("stats");
            assertThat(took).as("the node the push was sent to, asked by %s", asked)
                    .containsEntry("node", "n1").containsEntry("connections", 0).containsEntry("deliveries", 0)
                    .containsEntry("pushes", Map.of("user", 1, "conn", 0, "group", 0, "all", 0))
                    .containsEntry("degraded", null);
            assertThat(wrote).as("the node that holds the clients, asked by %s", asked)
                    .containsEntry("node", "n2").containsEntry("connections", 2).containsEntry("deliveries", 1)
                    .containsEntry("pushes", Map.of("user", 0, "conn", 0, "group", 0, "all", 0));
            assertThat(((Number) wrote.get("uptimeMillis")).longValue()).isNotNegative();
            assertThat(nodes.get("n2")).containsEntry("address", n2.address());
        }
    }

    @Test
    void anotherNodesFiguresNeedTheClusterSecret() {
        assertThat(n1.api(Optional.empty()).post(AdminStatsEndpoint.INTERNAL_PATH, Map.of()).status()).isEqualTo(401);
        assertThat(n1.api(Optional.of("not-the-secret")).post(AdminStatsEndpoint.INTERNAL_PATH, Map.of()).status())
                .isEqualTo(401);
        assertThat(n1.api(Optional.of(ClusterNode.CLUSTER_SECRET)).post(AdminStatsEndpoint.INTERNAL_PATH, Map.of())
                .expect(200).data()).containsEntry("node", "n1").doesNotContainKey("nodes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aListedNodeThatDoesNotAnswerShowsWithoutFigures() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (RegistryWriter registry = new RegistryWriter(redis.uri(), cluster.keyPrefix())) {
            registry.registerNode("ghost", "127.0.0.1:" + closedPort, Duration.ofMinutes(1));

            Map<String, Object> stats = n1.api().get("/api/admin/stats").expect(200).data();
            Map<String, Map<String, Object>> nodes = byId((List<Map<String, Object>>) stats.get("nodes"));
            assertThat(nodes).containsOnlyKeys("n1", "n2", "ghost");
            assertThat(nodes.get("ghost")).containsEntry("connections", 0).containsEntry("stats", null);
            assertThat((Map<String, Object>) nodes.get("n2").get("stats")).containsEntry("node", "n2");
        }
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> nodes) {
        return nodes.stream().collect(Collectors.toMap(node -> (String) node.get("node"), Function.identity()));
    }
}
