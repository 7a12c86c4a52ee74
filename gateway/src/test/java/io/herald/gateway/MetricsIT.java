package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} on the API port (PROTOCOL.md, "Metrics and admin"): behind the API key, Prometheus text
 * (OpenMetrics where asked), and its figures move with what the node does: a client logs in, is pushed to every
 * way, and closes.
 */
class MetricsIT {

    private static final String KEY = "it-metrics-key-3f9a";

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.apiKey(KEY));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void metricsNeedTheApiKey() {
        assertThat(scrape(Optional.empty(), null).statusCode()).isEqualTo(401);
        assertThat(scrape(Optional.of(KEY + "x"), null).statusCode()).isEqualTo(401);
        assertThat(gateway.api().send(gateway.api().request("/metrics")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).status()).isEqualTo(405);
    }

    @Test
    void theTextFormatHasTheProtocolsMetricsAndTheJvms() {
        HttpResponse<String> response = scrape(Optional.of(KEY), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        assertThat(response.body()).contains("# TYPE herald_connections gauge", "# TYPE herald_pushes_total counter",
                "# TYPE herald_deliveries_total counter",
                "# TYPE herald_relay_failures_total counter", "# TYPE herald_push_seconds histogram",
                "herald_pushes_total{kind=\"all\"} 0.0",
                // The JVM's, as deploy/grafana/herald.json reads them.
                "jvm_memory_used_bytes{area=\"heap\"}", "jvm_memory_max_bytes{area=\"heap\"}",
                "jvm_gc_collection_seconds_sum{gc=", "jvm_threads_current", "process_cpu_seconds_total",
                "herald_client_refusals_total{kind=\"origin\"} 0.0", "herald_api_refusals_total 0.0");
    }

    @Test
    void openMetricsWhereTheScraperAsksForIt() {
        HttpResponse<String> response = scrape(Optional.of(KEY),
                "application/openmetrics-text; version=1.0.0; charset=utf-8");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(response.body()).contains("# TYPE herald_pushes counter").endsWith("# EOF\n");
    }

    @Test
    void theFiguresFollowALoginPushesAndAClose() {
        Map<String, Double> before = metrics();
        assertThat(before).containsEntry("herald_connections", 0.0)
                // A close code has its sample once a connection ended with it.
                .doesNotContainKey("herald_closes_total{code=\"1000\"}");

        WsClient alice = gateway.login("alice");
        assertThat(metrics()).containsEntry("herald_connections", 1.0);
        gateway.api().post("/api/groups/join", Map.of("group", "room", "uid", "alice")).expect(200);

        gateway.api().push(Map.of("uid", "alice", "id", "u-1", "data", 1));
        gateway.api().push(Map.of("conn", alice.conn(), "id", "c-1", "data", 2));
        gateway.api().broadcast(Map.of("group", "room", "id", "g-1", "data", 3));
        gateway.api().broadcast(Map.of("all", true, "id", "a-1", "data", 4));
        assertThat(alice.nextPush()).containsEntry("id", "u-1");
        assertThat(alice.nextPush()).containsEntry("id", "c-1");
        assertThat(alice.nextPush()).containsEntry("id", "g-1");
        assertThat(alice.nextPush()).containsEntry("id", "a-1");

        Map<String, Double> pushed = metrics();
        for (String kind : new String[] {"user", "conn", "group", "all"}) {
            assertThat(pushed).containsEntry("herald_pushes_total{kind=\"" + kind + "\"}", 1.0);
        }
        // Each push answered after its frames were written: their count and the histogram's are there at once.
        assertThat(pushed).containsEntry("herald_deliveries_total", 4.0)
                .containsEntry("herald_push_seconds_count", 4.0)
                .containsEntry("herald_push_seconds_bucket{le=\"+Inf\"}", 4.0);
        assertThat(pushed.get("herald_push_seconds_sum")).isPositive();

        alice.close();
        assertThat(alice.awaitClose()).isEqualTo(1000);
        Map<String, Double> closed = GatewayFixture.eventually("the close counted", this::metrics,
                m -> m.get("herald_connections") == 0.0 && m.containsKey("herald_closes_total{code=\"1000\"}"));
        assertThat(closed).containsEntry("herald_closes_total{code=\"1000\"}", 1.0)
                .containsEntry("herald_deliveries_total", 4.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void loginsThatRecoverAreCountedWithThePushesReplayed() {
        WsClient first = gateway.connect();
        Map<String, Object> login = first.login("carol", gateway.token("carol"), null);
        Map<String, Object> streams = (Map<String, Object>) ((Map<String, Object>) login.get("data")).get("streams");
        first.close();
        assertThat(first.awaitClose()).isEqualTo(1000);
        gateway.api().push(Map.of("uid", "carol", "id", "r-1", "data", 1));
        gateway.api().push(Map.of("uid", "carol", "id", "r-2", "data", 2));

        WsClient whole = gateway.connect();
        whole.loginSince("carol", gateway.token("carol"), Map.of("user:carol", streams.get("user:carol")));
        assertThat(whole.nextPush()).containsEntry("id", "r-1");
        assertThat(whole.nextPush()).containsEntry("id", "r-2");
        WsClient partly = gateway.connect();
        partly.loginSince("carol", gateway.token("carol"), Map.of("user:carol",
                Map.of("epoch", "not-the-epoch", "seq", 0)));

        assertThat(metrics()).containsEntry("herald_recoveries_total{result=\"recovered\"}", 1.0)
                .containsEntry("herald_recoveries_total{result=\"lost\"}", 1.0)
                .containsEntry("herald_recovered_pushes_total", 2.0)
                .containsEntry("herald_stored_pushes_sent_total", 0.0);
    }

    private Map<String, Double> metrics() {
        return Scrape.samples(apiPort(), Optional.of(KEY));
    }

    private HttpResponse<String> scrape(Optional<String> key, String accept) {
        return Scrape.get(apiPort(), key, accept);
    }

    private String apiPort() {
        return "127.0.0.1:" + gateway.server().apiAddress().getPort();
    }
}
