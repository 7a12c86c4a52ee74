package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client may get wrong on the wire: frames that are not valid commands are answered 400 naming the
 * problem and the connection stays open; too many of them close it with 4008; a message over the frame limit
 * closes it with 1009, whether it came as one frame or in fragments.
 */
class ClientFramesIT {

    private static final int MAX_FRAME_BYTES = 1024;
    private static final int BAD_FRAME_LIMIT = 12;

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings
                .maxFrameBytes(MAX_FRAME_BYTES).badFrameLimit(BAD_FRAME_LIMIT));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void malformedFramesAreAnswered400NamingTheProblemAndTheConnectionKeepsWorking() {
        WsClient client = gateway.login("alice", "room1");

        assertBadRequest(client.request("this is not json"), null, null, "malformed JSON");
        assertBadRequest(client.request("{\"id\":\"1\",\"cmd\":"), null, null, "malformed JSON");
        assertBadRequest(client.request("[1,2,3]"), null, null, "expected a JSON object");
        assertBadRequest(client.request("\"heartbeat\""), null, null, "expected a JSON object");
        assertBadRequest(client.request("{\"id\":\"2\",\"cmd\":\"heartbeat\"} trailing"), null, null, "trailing");
        assertBadRequest(client.request("{\"id\":\"3\"}"), "3", null, "'cmd'");
        assertBadRequest(client.request("{\"id\":\"4\",\"cmd\":42}"), "4", null, "'cmd'");
        assertBadRequest(client.request("{\"cmd\":\"heartbeat\"}"), null, "heartbeat", "'id'");
        assertBadRequest(client.request("{\"id\":5,\"cmd\":\"heartbeat\"}"), null, "heartbeat", "'id'");
        assertBadRequest(client.request("{\"id\":\"6\",\"cmd\":\"join\",\"group\":[\"room1\"]}"), "6", "join",
                "'group'");
        assertBadRequest(client.request("{\"id\":\"7\",\"cmd\":\"join\"}"), "7", "join", "'group'");

        assertThat(client.request(Map.of("id", "8", "cmd", "join", "group", "room1"))).containsEntry("code", 200);
        assertThat(client.closed()).isFalse();
        assertThat(gateway.api().broadcast(Map.of("group", "room1", "id", "g", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(client.nextPush()).containsEntry("id", "g");
    }

    @Test
    void aMalformedLoginIsAnswered400AndTheClientMayStillLogIn() {
        WsClient client = gateway.connect();

        assertBadRequest(client.request("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"alice\"}"), "1", "login",
                "'token'");
        assertBadRequest(client.request("{\"id\":\"2\",\"cmd\":\"login\",\"token\":\"t\"}"), "2", "login", "'uid'");
        assertBadRequest(client.request(
                "{\"id\":\"3\",\"cmd\":\"login\",\"uid\":\"alice\",\"token\":\"t\",\"since\":[1]}"), "3", "login",
                "'since'");

        client.login("alice", gateway.token("alice"), null);
        assertThat(client.conn()).isNotBlank();
    }

    @Test
    void aBinaryFrameIsAnswered400AndTheConnectionKeepsWorking() {
        WsClient client = gateway.login("alice");

        client.sendBinary("{\"id\":\"1\",\"cmd\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8));

        Map<String, Object> reply = client.next();
        assertThat(reply).containsEntry("code", 400);
        assertThat((String) reply.get("msg")).contains("binary");
        assertThat(client.request(Map.of("id", "2", "cmd", "heartbeat"))).containsEntry("code", 200);
    }

    @Test
    void tooManyBadFramesCloseTheConnectionWith4008() {
        WsClient client = gateway.login("alice");

        for (int i = 0; i < BAD_FRAME_LIMIT; i++) {
            assertThat(client.request("bad frame " + i)).as("bad frame %d", i).containsEntry("code", 400);
        }
        client.send("one bad frame too many");

        assertThat(client.awaitClose()).isEqualTo(4008);
        assertThat(client.pending()).as("no reply to the frame that closed it").isZero();
        gateway.awaitOffline("alice");
    }

    @Test
    void aFrameOverTheLimitClosesTheConnectionWith1009() {
        WsClient client = gateway.login("alice");

        client.send(heartbeatOfSize(MAX_FRAME_BYTES + 1));

        assertThat(client.awaitClose()).isEqualTo(1009);
        gateway.awaitOffline("alice");
    }

    @Test
    void aFrameAtTheLimitIsAccepted() {
        WsClient client = gateway.login("alice");

        Map<String, Object> reply = client.request(heartbeatOfSize(MAX_FRAME_BYTES));

        assertThat(reply).containsEntry("code", 200).containsEntry("cmd", "heartbeat");
    }

    @Test
    void aFragmentedMessageIsReadWhole() {
        WsClient client = gateway.login("alice");

        client.sendFragmented("{\"id\":\"frag\",\"cmd\":\"hea", "rtbeat\"}");

        assertThat(client.next()).containsAllEntriesOf(Map.of("id", "frag", "cmd", "heartbeat", "code", 200, "msg", "ok"));
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesTheConnectionWith1009() {
        WsClient client = gateway.login("alice");
        String message = heartbeatOfSize(MAX_FRAME_BYTES + 200);
        int half = message.length() / 2;

        // Each fragment is under the limit; together they are over it.
        client.sendFragmented(message.substring(0, half), message.substring(half));

        assertThat(client.awaitClose()).isEqualTo(1009);
        gateway.awaitOffline("alice");
    }

    /** A valid heartbeat command of exactly {@code bytes} bytes of UTF-8, padded with an ignored field. */
    private static String heartbeatOfSize(int bytes) {
        String head = "{\"id\":\"big\",\"cmd\":\"heartbeat\",\"pad\":\"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private static void assertBadRequest(Map<String, Object> reply, String id, String cmd, String problem) {
        assertThat(reply).containsEntry("code", 400);
        assertThat((String) reply.get("msg")).contains(problem);
        assertThat(reply.get("id")).isEqualTo(id);
        assertThat(reply.get("cmd")).isEqualTo(cmd);
    }
}
