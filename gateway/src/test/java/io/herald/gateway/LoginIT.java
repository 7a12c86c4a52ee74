package io.herald.gateway;

import io.herald.codec.TokenMinter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logging in with real HS256 tokens, and the commands around it: PROTOCOL.md's login reply, 401 and close
 * 4001 for every kind of refused token, 409 for a second login, 401 for commands before login, 404 for an
 * unknown command.
 */
class LoginIT {

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.nodeId("login-node"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void loginWithAValidTokenAnswersTheConnectionNodeAndHeartbeat() {
        WsClient client = gateway.connect();

        Map<String, Object> reply = client.login("alice", gateway.token("alice"), "web");

        assertThat(reply).containsEntry("id", "login-alice").containsEntry("cmd", "login")
                .containsEntry("code", 200).containsEntry("msg", "ok");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) reply.get("data");
        assertThat(data).containsAllEntriesOf(Map.of("conn", client.conn(), "node", "login-node", "heartbeat", 25,
                "recovered", true));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> streams = (Map<String, Map<String, Object>>) data.get("streams");
        assertThat(streams).containsOnlyKeys("user:alice", "all");
        assertThat(streams.get("user:alice")).containsEntry("seq", 0).containsKey("epoch");
        assertThat(client.conn()).isNotBlank();
    }

    @Test
    void everyConnectionGetsItsOwnId() {
        WsClient first = gateway.login("alice");
        WsClient second = gateway.login("alice");
        WsClient third = gateway.login("bob");

        assertThat(List.of(first.conn(), second.conn(), third.conn())).doesNotHaveDuplicates();
    }

    @Test
    void aTokenThatIsNotAJwtIsRefusedWith401ThenClose4001() {
        assertRefused("alice", "not-a-jwt", "not a signed JWT");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String forged = new TokenMinter("another-secret-that-is-32-bytes-long!!").mint("alice", List.of(),
                Duration.ofHours(1));

        assertRefused("alice", forged, "signature");
    }

    @Test
    void anExpiredTokenIsRefused() {
        // Past the verifier's allowance for clock skew.
        String expired = new TokenMinter(GatewayFixture.SECRET).mint("alice", List.of(), Duration.ofMinutes(-5));

        assertRefused("alice", expired, "expired");
    }

    @Test
    void aTokenForAnotherUserIsRefused() {
        assertRefused("alice", gateway.token("bob"), "subject");
    }

    private void assertRefused(String uid, String token, String why) {
        WsClient client = gateway.connect();

        Map<String, Object> reply = client.tryLogin(uid, token, null);

        assertThat(reply).containsEntry("id", "login-" + uid).containsEntry("cmd", "login")
                .containsEntry("code", 401).doesNotContainKey("data");
        assertThat((String) reply.get("msg")).contains(why);
        assertThat(client.awaitClose()).isEqualTo(4001);
        assertThat(gateway.api().get("/api/online?uid=" + uid).expect(200).data("online")).isEqualTo(false);
    }

    @Test
    void aSecondLoginIs409AndTheFirstStands() {
        WsClient client = gateway.login("alice");

        Map<String, Object> again = client.tryLogin("bob", gateway.token("bob"), null);

        assertThat(again).containsEntry("id", "login-bob").containsEntry("cmd", "login").containsEntry("code", 409);
        assertThat(gateway.api().get("/api/online?uid=bob").expect(200).data("online")).isEqualTo(false);
        assertThat(gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(client.nextPush()).containsEntry("id", "m-1");
        assertThat(client.closed()).isFalse();
    }

    @Test
    void commandsBeforeLoginAre401AndTheConnectionStaysOpen() {
        WsClient client = gateway.connect();

        assertThat(client.request(Map.of("id", "1", "cmd", "join", "group", "room1")))
                .containsEntry("id", "1").containsEntry("cmd", "join").containsEntry("code", 401);
        assertThat(client.request(Map.of("id", "2", "cmd", "leave", "group", "room1")))
                .containsEntry("id", "2").containsEntry("cmd", "leave").containsEntry("code", 401);
        assertThat(client.request(Map.of("id", "3", "cmd", "typing", "data", Map.of("to", "bob"))))
                .containsEntry("id", "3").containsEntry("cmd", "typing").containsEntry("code", 401);

        client.login("alice", gateway.token("alice", "room1"), null);
        assertThat(client.request(Map.of("id", "4", "cmd", "join", "group", "room1"))).containsEntry("code", 200);
    }

    @Test
    void heartbeatIsAnswered200() {
        WsClient client = gateway.login("alice");

        assertThat(client.request(Map.of("id", "hb-1", "cmd", "heartbeat")))
                .containsAllEntriesOf(Map.of("id", "hb-1", "cmd", "heartbeat", "code", 200, "msg", "ok"));
    }

    @Test
    void anAckGetsNoReply() {
        WsClient client = gateway.login("alice");

        client.send(Map.of("cmd", "ack", "id", "m-1"));

        // The heartbeat's reply is the next message: the ack was answered with nothing.
        assertThat(client.request(Map.of("id", "hb", "cmd", "heartbeat"))).containsEntry("id", "hb");
    }

    @Test
    void anUnknownCommandIs404WithoutAnUpstream() {
        WsClient client = gateway.login("alice");

        Map<String, Object> reply = client.request(Map.of("id", "7", "cmd", "typing", "data", Map.of("to", "bob")));

        assertThat(reply).containsEntry("id", "7").containsEntry("cmd", "typing").containsEntry("code", 404)
                .containsEntry("msg", "unknown command");
        assertThat(client.request(Map.of("id", "8", "cmd", "heartbeat"))).containsEntry("code", 200);
    }
}
