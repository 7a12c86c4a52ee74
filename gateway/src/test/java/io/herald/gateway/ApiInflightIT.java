package io.herald.gateway;

import io.herald.gateway.api.ApiLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --api-inflight}: a node with as many API requests under way as it allows (here pushes awaiting acks)
 * answers the next ones 503 with {@code Retry-After}, counts them, keeps answering {@code /healthz}, and serves again
 * once a place is free.
 */
class ApiInflightIT {

    private static final int INFLIGHT = 2;

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings
                .apiLimits(ApiLimits.builder().apiInflight(INFLIGHT).build()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void pastTheBoundRequestsAre503WithRetryAfterUntilAPlaceIsFree() throws Exception {
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> awaiting = List.of(awaitAck(http, "w-1"), awaitAck(http, "w-2"));
        assertThat(alice.nextPush()).containsKey("id");
        assertThat(alice.nextPush()).containsKey("id");
        assertThat(gateway.server().apiInflight().inFlight()).isEqualTo(INFLIGHT);

        ApiClient.Reply busy = gateway.api().post("/api/push", Map.of("uid", "bob", "id", "refused", "data", 1))
                .expect(503);
        assertThat(busy.msg()).startsWith("busy:").contains(String.valueOf(INFLIGHT));
        assertThat(busy.response().headers().firstValue("Retry-After")).contains("1");
        assertThat(busy.body()).containsEntry("data", null);
        gateway.api().get("/api/online?uid=alice").expect(503);
        assertThat(gateway.server().apiInflight().refused()).isEqualTo(2);
        assertThat(gateway.api().get("/healthz").expect(200).data("status")).isEqualTo("ok");

        alice.ack("w-1");
        alice.ack("w-2");
        for (CompletableFuture<HttpResponse<String>> answer : awaiting) {
            assertThat(JsonTree.parseObject(answer.get().body())).containsEntry("code", 200);
        }
        assertThat(gateway.api().push(Map.of("uid", "bob", "id", "served", "data", 1)).data("delivered")).isEqualTo(1);
        assertThat(bob.nextPush()).containsEntry("id", "served");
        assertThat(gateway.server().apiInflight().inFlight()).isZero();
    }

    private CompletableFuture<HttpResponse<String>> awaitAck(HttpClient http, String id) {
        HttpRequest request = gateway.api().request("/api/push").POST(HttpRequest.BodyPublishers.ofString(
                JsonTree.write(Map.of("uid", "alice", "id", id, "data", 1, "await", "ack", "timeout", "30s"))))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
