package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node with an API key: every {@code /api/*} call needs {@code Authorization: Bearer <key>}, answered 401
 * without it (before any routing, so an unknown path is 401 too); {@code /healthz} stays open.
 */
class ApiKeyIT {

    private static final String KEY = "it-api-key-5d1c";

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
    void aCallWithoutTheKeyIs401() {
        ApiClient anonymous = gateway.api(Optional.empty());

        ApiClient.Reply reply = anonymous.post("/api/push", Map.of("uid", "alice", "data", 1)).expect(401);

        assertThat(reply.body()).containsEntry("data", null);
        assertThat(reply.response().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        anonymous.get("/api/online?uid=alice").expect(401);
        anonymous.get("/api/nodes").expect(401);
        anonymous.get("/api/nope").expect(401);
    }

    @Test
    void aCallWithAWrongKeyIs401AndDeliversNothing() {
        WsClient alice = gateway.login("alice");

        gateway.api(Optional.of(KEY + "x")).post("/api/push", Map.of("uid", "alice", "data", 1)).expect(401);
        gateway.api(Optional.of(KEY.substring(1))).post("/api/kick", Map.of("uid", "alice")).expect(401);
        gateway.api(Optional.of("")).get("/api/online?uid=alice").expect(401);

        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void aCallWithTheKeyIsServed() {
        WsClient alice = gateway.login("alice");

        assertThat(gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "m-1");
        gateway.api().get("/api/nope").expect(404);
    }

    @Test
    void healthNeedsNoKey() {
        assertThat(gateway.api(Optional.empty()).get("/healthz").expect(200).data("status")).isEqualTo("ok");
        assertThat(gateway.clientPortHttp().get("/healthz").expect(200).data("status")).isEqualTo("ok");
    }
}
