package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A login carried by the upgrade request: {@code /ws?uid=…&token=…}, checked before the handshake. */
class UpgradeLoginIT {

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.nodeId("upgrade-node"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void anUpgradeWithUidAndTokenIsLoggedInAndGetsTheLoginReplyWithoutAnId() {
        WsClient client = gateway.track(WsClient.connect(uri("uid=alice&device=web&token=" + gateway.token("alice"))));

        Map<String, Object> reply = client.next();
        assertThat(reply).doesNotContainKey("id").containsEntry("cmd", "login").containsEntry("code", 200);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) reply.get("data");
        assertThat(data).containsEntry("node", "upgrade-node").containsEntry("recovered", true)
                .containsKeys("conn", "streams");

        assertThat(gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", "hi")).data("delivered"))
                .isEqualTo(1);
        assertThat(client.nextPush()).containsEntry("id", "m-1").containsEntry("data", "hi");
        assertThat(client.request(Map.of("id", "2", "cmd", "login", "uid", "alice", "token", gateway.token("alice"))))
                .as("one login per connection").containsEntry("code", 409);
    }

    @Test
    void theTokenMayComeAsABearerHeader() throws Exception {
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + gateway.token("bob"))
                .buildAsync(uri("uid=bob"), new java.net.http.WebSocket.Listener() {
                }).get(WsClient.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            gateway.eventually("bob online", () -> gateway.api().get("/api/online?uid=bob").expect(200),
                    answer -> Boolean.TRUE.equals(answer.data("online")));
        } finally {
            ws.abort();
        }
    }

    @Test
    void aBadTokenIsRefused401BeforeTheHandshake() {
        assertThat(refusal("uid=alice&token=not-a-jwt")).isEqualTo(401);
        assertThat(refusal("uid=alice&token=" + gateway.token("bob"))).as("another user's token").isEqualTo(401);
        assertThat(refusal("uid=alice")).as("no token at all").isEqualTo(401);
        assertThat(refusal("uid=alice&token=" + gateway.token("alice") + "&since=" + encode("[1]")))
                .as("since that is not positions").isEqualTo(400);
        assertThat(gateway.server().connectionCount()).isZero();
    }

    @Test
    void sinceInTheQueryRecoversWhatWasMissed() {
        WsClient first = gateway.track(WsClient.connect(uri("uid=carol&token=" + gateway.token("carol"))));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> streams =
                (Map<String, Map<String, Object>>) ((Map<String, Object>) first.next().get("data")).get("streams");
        Object epoch = streams.get("user:carol").get("epoch");
        first.close();
        gateway.awaitOffline("carol");
        gateway.api().push(Map.of("uid", "carol", "id", "while-away", "data", 1));

        String since = "{\"user:carol\":{\"epoch\":\"" + epoch + "\",\"seq\":0}}";
        WsClient back = gateway.track(WsClient.connect(
                uri("uid=carol&token=" + gateway.token("carol") + "&since=" + encode(since))));

        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) back.next().get("data");
        assertThat(data).containsEntry("recovered", true);
        assertThat(back.nextPush()).containsEntry("id", "while-away").containsEntry("seq", 1);
    }

    @Test
    void anUpgradeWithoutUidLogsInWithTheCommandAsBefore() {
        WsClient client = gateway.connect();
        assertThat(client.login("dave", gateway.token("dave"), null)).containsEntry("code", 200);
    }

    private int refusal(String query) {
        Throwable refused = catchThrowable(() -> WsClient.connectAsync(uri(query)).join());
        assertThat(refused).as(query).cause().isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    private URI uri(String query) {
        return URI.create(gateway.websocketUri() + "?" + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
