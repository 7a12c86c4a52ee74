package io.herald.gateway.cluster;

import io.herald.gateway.Scrape;
import io.herald.gateway.WsClient;
import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node of a cluster answers {@code /metrics} for itself: the node a push is sent to counts the push and its
 * relay, the node that holds the client counts the delivery (PROTOCOL.md, "Metrics and admin").
 */
class MetricsClusterIT {

    private static RedisProcess redis;

    private ClusterNodes cluster;
    private ClusterNode n1;
    private ClusterNode n2;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startTwoNodes() {
        cluster = new ClusterNodes(redis.uri());
        List<ClusterNode> nodes = cluster.startMeshed("n1", "n2");
        n1 = nodes.get(0);
        n2 = nodes.get(1);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void aRelayedPushCountsOnTheNodeThatTookItAndItsDeliveryOnTheNodeThatWroteIt() {
        WsClient alice = n2.login("alice");

        n1.api().push(Map.of("uid", "alice", "id", "relayed", "data", 1));
        assertThat(alice.nextPush()).containsEntry("id", "relayed");

        Map<String, Double> took = Scrape.samples(n1.address(), Optional.empty());
        Map<String, Double> wrote = Scrape.samples(n2.address(), Optional.empty());
        assertThat(took).containsEntry("herald_pushes_total{kind=\"user\"}", 1.0)
                .containsEntry("herald_relay_ops_total", 1.0)
                .containsEntry("herald_relay_failures_total", 0.0)
                .containsEntry("herald_deliveries_total", 0.0)
                .containsEntry("herald_push_seconds_count", 1.0)
                .containsEntry("herald_connections", 0.0)
                .containsEntry("herald_degraded", 0.0);
        // One request carried it, or more where a kept-alive connection closed under it and it went again.
        assertThat(took.get("herald_relay_requests_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(wrote).containsEntry("herald_pushes_total{kind=\"user\"}", 0.0)
                .containsEntry("herald_relay_ops_total", 0.0)
                .containsEntry("herald_deliveries_total", 1.0)
                .containsEntry("herald_connections", 1.0);
    }
}
