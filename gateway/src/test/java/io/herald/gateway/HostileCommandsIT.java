package io.herald.gateway;

import io.herald.codec.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile JSON in client commands, sent by the JDK's WebSocket client to a real node (issue 12): deep nesting, huge
 * numbers, duplicate fields, a byte order mark, UTF-16 text, control characters and half surrogate pairs in names,
 * wrong kinds, truncation and trailing garbage. Each gets a 400 reply naming the field or the problem (with the id
 * and cmd where they could be read), the next valid command on the same connection works, before and after login,
 * and a client beside keeps being served. (Text that is not UTF-8 is failed with 1007 by the WebSocket layer:
 * {@link Rfc6455Utf8IT}.)
 */
class HostileCommandsIT {

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        // Every frame here is bad on purpose: the bad-frame limit (4008) is ClientFramesIT's business.
        gateway = GatewayFixture.start(settings -> settings.badFrameLimit(1_000));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** Each hostile frame and the start of the message its 400 carries. */
    private static Map<String, String> hostile() {
        Map<String, String> frames = new LinkedHashMap<>();
        frames.put("{\"cmd\":\"login\",\"cmd\":\"join\",\"id\":\"1\",\"group\":\"g\"}", "duplicate field 'cmd'");
        frames.put("{\"id\":\"1\",\"cmd\":\"join\",\"group\":\"room1\",\"group\":\"other\"}",
                "duplicate field 'group'");
        frames.put("{\"id\":\"2\",\"cmd\":\"chat\",\"data\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
                "malformed JSON: Document nesting depth (65) exceeds the maximum allowed (64");
        frames.put("{\"id\":\"2\",\"cmd\":\"chat\",\"data\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)
                + "}", "malformed JSON: Document nesting depth (65)");
        frames.put("{\"id\":\"3\",\"cmd\":\"login\",\"uid\":\"a\",\"token\":\"t\",\"since\":{\"all\":{\"epoch\":\"e\","
                + "\"seq\":" + "9".repeat(10_000) + "}}}", "malformed JSON: Number value length (10000)");
        frames.put("{\"id\":\"3\",\"cmd\":\"login\",\"uid\":\"a\",\"token\":\"t\",\"since\":{\"all\":{\"epoch\":\"e\","
                + "\"seq\":1e999999}}}", "field 'since.all' must be an object with a string epoch and an integer seq");
        frames.put("{\"id\":\"4\",\"cmd\":\"chat\",\"data\":NaN}", "malformed JSON: Non-standard token 'NaN'");
        frames.put("\ufeff{\"id\":\"5\",\"cmd\":\"heartbeat\"}", "malformed JSON: a byte order mark");
        frames.put(new String("{\"id\":\"5\",\"cmd\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_16LE),
                StandardCharsets.ISO_8859_1), "malformed JSON: a NUL byte at byte 1");
        frames.put("{\"id\":\"6\",\"cmd\":\"join\",\"group\":\"a\\u0000b\"}",
                "field 'group' " + JsonObject.NAME_RULE);
        frames.put("{\"id\":\"6\",\"cmd\":\"join\",\"group\":\"\\ud800\"}",
                "field 'group' " + JsonObject.NAME_RULE);
        frames.put("{\"id\":\"6\",\"cmd\":\"join\",\"group\":\"\"}", "field 'group' must not be empty");
        frames.put("{\"id\":\"6\",\"cmd\":\"join\",\"group\":{}}", "field 'group' must be a string");
        frames.put("{\"id\":\"7\",\"cmd\":\"login\",\"uid\":42,\"token\":\"t\"}", "field 'uid' must be a string");
        frames.put("{\"id\":\"7\",\"cmd\":\"login\",\"uid\":\"a\",\"token\":\"t\",\"ordered\":\"yes\"}",
                "field 'ordered' must be true or false");
        frames.put("{\"id\":\"8\",\"cmd\":\"heart\u0001beat\"}", "malformed JSON: Illegal unquoted character");
        frames.put("{\"id\":\"9\",\"cmd\":\"heartbeat\"} x", "malformed JSON: Unrecognized token 'x'");
        frames.put("{\"id\":\"9\",\"cmd\":\"heartbeat\"}{}", "malformed JSON: trailing content after the object");
        frames.put("{\"id\":\"9\",\"cmd\":\"heart", "malformed JSON: Unexpected end-of-input");
        frames.put("[{\"id\":\"9\",\"cmd\":\"heartbeat\"}]", "expected a JSON object");
        frames.put("", "empty body: expected a JSON object");
        return frames;
    }

    @Test
    void eachHostileCommandIsAnswered400AndTheNextCommandWorks() {
        WsClient bystander = gateway.login("bob", "room1");
        assertThat(bystander.request(Map.of("id", "j", "cmd", "join", "group", "room1"))).containsEntry("code", 200);
        WsClient alice = gateway.login("alice");

        int n = 0;
        for (Map.Entry<String, String> frame : hostile().entrySet()) {
            Map<String, Object> reply = alice.request(frame.getKey());

            assertThat(reply).as("reply to %s", abbreviate(frame.getKey())).containsEntry("code", 400);
            assertThat((String) reply.get("msg")).startsWith(frame.getValue());
            String id = "hb-" + ++n;
            assertThat(alice.request(Map.of("id", id, "cmd", "heartbeat")))
                    .containsEntry("id", id).containsEntry("code", 200);
        }

        assertThat(gateway.api().broadcast(Map.of("group", "room1", "id", "g-1", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(bystander.nextPush()).containsEntry("id", "g-1");
        gateway.assertNothingMoreFor(alice, bystander);
    }

    @Test
    void hostileCommandsBeforeLoginAreAnswered400AndTheLoginStillWorks() {
        WsClient client = gateway.connect();

        for (Map.Entry<String, String> frame : hostile().entrySet()) {
            assertThat(client.request(frame.getKey())).containsEntry("code", 400);
        }
        client.login("carol", gateway.token("carol"), null);

        gateway.assertNothingMoreFor(client);
    }

    @Test
    void aRefusedCommandEchoesItsIdAndCmdWhereTheyCouldBeRead() {
        WsClient alice = gateway.login("alice");

        Map<String, Object> reply = alice.request("{\"id\":\"6\",\"cmd\":\"join\",\"group\":\"\\u001b[31m\"}");

        assertThat(reply).containsEntry("id", "6").containsEntry("cmd", "join").containsEntry("code", 400);
    }

    @Test
    void dataIsForwardedAsSentEscapesAndAll() {
        // No upstream: a custom command is 404, but only after it was read whole; its data is checked by the codec's
        // round-trip property. Here the node reads odd but valid data without refusing it.
        WsClient alice = gateway.login("alice");
        for (String data : new String[]{"\"\\ud800\"", "1e999999", "-0", "{\"a\":1,\"a\":2}", "9".repeat(1000),
                "[".repeat(63) + "]".repeat(63)}) {
            Map<String, Object> reply = alice.request("{\"id\":\"c\",\"cmd\":\"chat\",\"data\":" + data + "}");
            assertThat(reply).as("data %s", abbreviate(data)).containsEntry("code", 404);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
