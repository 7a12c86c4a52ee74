package io.herald.gateway;

import io.herald.gateway.client.ClientRefusals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The plain HTTP side of the client port: {@code /healthz}, 404 and 405 beside the WebSocket at {@code /ws},
 * and the connection limit's 503.
 */
class ClientPortIT {

    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void theClientPortAnswersHealthAndNothingElse() {
        gateway = GatewayFixture.start();
        ApiClient http = gateway.clientPortHttp();

        assertThat(http.get("/healthz").expect(200).data()).containsEntry("status", "ok")
                .containsEntry("connections", 0);
        assertThat(http.get("/api/push").expect(404).msg()).isEqualTo("unknown path");
        http.get("/wsx").expect(404);
        http.send(http.request("/healthz").POST(HttpRequest.BodyPublishers.ofString("{}"))).expect(405);
    }

    @Test
    void connectionsOverTheLimitAreRefused503() {
        gateway = GatewayFixture.start(settings -> settings.maxConnections(2));
        WsClient first = gateway.login("alice");
        WsClient second = gateway.login("bob");

        Throwable refused = catchThrowable(() -> WsClient.connectAsync(gateway.websocketUri()).join());

        assertThat(refused).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(503);
        assertThat(gateway.server().clientRefusals().count(ClientRefusals.Kind.MAX_CONNECTIONS)).isOne();

        // A place frees up when a connection closes.
        first.close();
        first.awaitClose();
        WsClient third = GatewayFixture.eventually("a place for a third connection",
                () -> WsClient.connectAsync(gateway.websocketUri()).handle((client, e) -> client).join(),
                client -> client != null);
        gateway.track(third).login("carol", gateway.token("carol"), null);
        assertThat(second.request(Map.of("id", "hb", "cmd", "heartbeat"))).containsEntry("code", 200);
    }

    @Test
    void anUpgradePastTheLoginsUnderWayIs503WithRetryAfterUntilOneIsDone() {
        gateway = GatewayFixture.start(settings -> settings.maxPendingLogins(1));
        WsClient upgraded = gateway.connect(); // its handshake is done, its login not sent: one upgrade under way

        Throwable refused = catchThrowable(() -> WsClient.connectAsync(gateway.websocketUri()).join());

        assertThat(refused).cause().isInstanceOf(WebSocketHandshakeException.class);
        java.net.http.HttpResponse<?> busy = ((WebSocketHandshakeException) refused.getCause()).getResponse();
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(gateway.server().clientRefusals().count(ClientRefusals.Kind.PENDING_LOGINS)).isOne();
        assertThat(gateway.clientPortHttp().get("/healthz").expect(200).data()).as("the rest is served")
                .containsEntry("status", "ok");

        upgraded.login("alice", gateway.token("alice"), null);
        WsClient next = gateway.track(WsClient.connect(gateway.websocketUri()));
        assertThat(next.login("bob", gateway.token("bob"), null)).containsEntry("code", 200);
    }
}
