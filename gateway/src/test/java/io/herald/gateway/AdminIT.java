package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page (PROTOCOL.md, "Metrics and admin"): {@code GET /admin} is the page, without the key, with its
 * security headers; {@code GET /api/admin/stats}, behind the key, has the node's figures, which move as clients log
 * in, are pushed to and close. The page in a real browser: the cli module's {@code AdminPageIT}.
 */
class AdminIT {

    private static final String KEY = "it-admin-key-7c21";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WsClient.WAIT).build();

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
    void thePageIsServedWithoutTheKeySelfContainedAndLockedDown() {
        HttpResponse<String> page = get("/admin", "GET");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'", "script-src 'unsafe-inline' 'self'",
                        "style-src 'unsafe-inline'"));
        assertThat(page.body()).contains("<title>Herald admin</title>", "/api/admin/stats", "Bearer ")
                // Nothing from elsewhere, and the key never stored beyond the tab's memory.
                .doesNotContain("http://", "https://", "localStorage", "sessionStorage", "document.cookie");
        assertThat(get("/admin", "POST").statusCode()).isEqualTo(405);
    }

    @Test
    void theFiguresNeedTheApiKey() {
        assertThat(gateway.api(Optional.empty()).get("/api/admin/stats").status()).isEqualTo(401);
        assertThat(gateway.api(Optional.of(KEY + "x")).get("/api/admin/stats").status()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFiguresFollowLoginsPushesAndACloseAndListTheNodes() {
        Map<String, Object> before = stats();
        assertThat(before).containsEntry("node", gateway.nodeId()).containsEntry("connections", 0)
                .containsEntry("deliveries", 0).containsEntry("relayFailures", 0).containsEntry("degraded", null)
                .containsEntry("pushes", Map.of("user", 0, "conn", 0, "group", 0, "all", 0))
                .containsEntry("closes", Map.of());
        assertThat(((Number) before.get("uptimeMillis")).longValue()).isNotNegative();
        assertThat((List<Map<String, Object>>) before.get("nodes")).singleElement().satisfies(node ->
                assertThat(node).containsEntry("node", gateway.nodeId()));

        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        gateway.api().push(Map.of("uid", "alice", "id", "u-1", "data", 1));
        gateway.api().broadcast(Map.of("all", true, "id", "a-1", "data", 2));
        assertThat(alice.nextPush()).containsEntry("id", "u-1");

        Map<String, Object> pushed = stats();
        assertThat(pushed).containsEntry("connections", 2).containsEntry("deliveries", 3)
                .containsEntry("pushes", Map.of("user", 1, "conn", 0, "group", 0, "all", 1));
        assertThat(((Number) pushed.get("uptimeMillis")).longValue())
                .isGreaterThanOrEqualTo(((Number) before.get("uptimeMillis")).longValue());

        bob.close();
        assertThat(bob.awaitClose()).isEqualTo(1000);
        Map<String, Object> closed = GatewayFixture.eventually("the close counted", this::stats,
                s -> s.get("connections").equals(1) && !((Map<?, ?>) s.get("closes")).isEmpty());
        assertThat(closed).containsEntry("closes", Map.of("1000", 1));
        alice.close();
    }

    private Map<String, Object> stats() {
        return gateway.api().get("/api/admin/stats").expect(200).data();
    }

    private HttpResponse<String> get(String path, String method) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + gateway.server().apiAddress().getPort() + path))
                .timeout(WsClient.WAIT).method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
