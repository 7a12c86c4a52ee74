package io.herald.gateway.cluster;

import io.herald.gateway.Scrape;
import io.herald.gateway.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        for (Map<String, Double> node : List.of(took, wrote)) {
            assertThat(node.get("herald_redis_calls_total")).as("calls to Redis").isPositive();
            assertThat(node).containsEntry("herald_redis_failures_total", 0.0).containsKey("herald_redis_queued");
        }
    }

    /** Every metric deploy/grafana/herald.json charts is one a clustered node serves. */
    @Test
    void theDashboardChartsOnlyMetricsTheNodeServes() throws IOException {
        String dashboard = Files.readString(Path.of("../deploy/grafana/herald.json"));
        Set<String> charted = new TreeSet<>();
        Matcher name = Pattern.compile("\\b(herald_[a-z_]+|jvm_[a-z_]+|process_[a-z_]+)").matcher(dashboard);
        while (name.find()) {
            charted.add(name.group(1).replaceAll("_(bucket|sum|count)$", ""));
        }
        // Served only where their limit is set (--max-connections, --max-pending-logins), which these nodes do not.
        charted.removeAll(Set.of("herald_open_connections", "herald_pending_logins"));
        // Closes by code are served once a connection closed.
        WsClient bob = n1.login("bob");
        bob.close();
        assertThat(bob.awaitClose()).isEqualTo(1000);
        String served = Eventually.until("the close counted",
                () -> Scrape.get(n1.address(), Optional.empty(), null).body(),
                body -> body.contains("# TYPE herald_closes_total "));

        assertThat(charted).isNotEmpty().allSatisfy(metric ->
                assertThat(served).as("%s, which the dashboard charts", metric).contains("# TYPE " + metric + " "));
    }
}
