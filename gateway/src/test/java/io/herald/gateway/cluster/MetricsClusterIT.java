package io.herald.gateway.cluster;

import io.herald.gateway.Scrape;
import io.herald.gateway.WsClient;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node of a cluster answers {@code /metrics} for itself: the node a push is sent to counts the push and its
 * relay, the node that holds the client counts the delivery (PROTOCOL.md, "Metrics and admin").
 */
class MetricsClusterIT extends TwoNodesOnRedis {


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
