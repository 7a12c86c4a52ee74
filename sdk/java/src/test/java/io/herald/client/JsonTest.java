package io.herald.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    private final Json json = new Json();

    @Test
    void aPushKeepsItsDataExactlyAsSent() throws Exception {
        String data = "{\"text\":\"caf\\u00e9\",\"list\":[1, 2.50, null],\"k\":{\"k\":true}}";
        Frame frame = json.frame("{\"cmd\":\"push\",\"id\":\"m-1\",\"stream\":\"group:room\",\"seq\":42,"
                + "\"group\":\"room\",\"data\":" + data + "}");

        assertThat(frame.isPush()).isTrue();
        assertThat(frame.push()).isEqualTo(new Push("m-1", "group:room", 42, "room", data));
    }

    @Test
    void scalarDataIsKeptAsWrittenToo() throws Exception {
        for (String data : new String[] {"\"a \\\"quoted\\\" text\"", "-12.5e3", "7", "null", "true", "[]"}) {
            assertThat(json.frame("{\"cmd\":\"push\",\"id\":\"x\",\"data\":" + data + ",\"seq\":1}").data())
                    .isEqualTo(data);
        }
    }

    @Test
    void aPushToOneConnectionHasNoStream() throws Exception {
        Push push = json.frame("{\"cmd\":\"push\",\"id\":\"c-1\",\"data\":1}").push();

        assertThat(push).isEqualTo(new Push("c-1", null, 0, null, "1"));
    }

    @Test
    void aReplyHasItsCodeMessageAndData() throws Exception {
        Frame frame = json.frame("{\"id\":\"7\",\"cmd\":\"chat.send\",\"code\":403,\"msg\":\"no\",\"data\":{\"a\":1}}");

        assertThat(frame.id()).isEqualTo("7");
        assertThat(frame.reply()).isEqualTo(new Reply("chat.send", 403, "no", "{\"a\":1}"));
        assertThat(frame.reply().ok()).isFalse();
        assertThat(json.frame("{\"id\":\"8\",\"cmd\":\"join\",\"code\":200,\"msg\":\"ok\"}").reply().data()).isNull();
    }

    @Test
    void aFrameThatIsNotAnObjectIsAnError() {
        assertThatThrownBy(() -> json.frame("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> json.frame("{\"cmd\":")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aLoginReplyGivesTheSession() throws Exception {
        Session session = json.session("{\"conn\":\"c1\",\"node\":\"n1\",\"heartbeat\":25,\"streams\":{"
                + "\"user:alice\":{\"epoch\":\"e1\",\"seq\":42},\"all\":{\"epoch\":\"e2\",\"seq\":0}},"
                + "\"recovered\":false,\"lost\":[\"group:gone\"],\"later\":{\"x\":[1]}}");

        assertThat(session).isEqualTo(new Session("c1", "n1", Duration.ofSeconds(25),
                Map.of("user:alice", new Position("e1", 42), "all", new Position("e2", 0)), false,
                java.util.Set.of("group:gone")));
    }

    @Test
    void aJoinReplyMayGiveWhereTheGroupsStreamStarts() throws Exception {
        assertThat(json.joinPosition("{\"stream\":\"group:room\",\"epoch\":\"e\",\"seq\":3}"))
                .isEqualTo(Map.entry("group:room", new Position("e", 3)));
        assertThat(json.joinPosition(null)).isNull();
        assertThat(json.joinPosition("{}")).isNull();
        assertThat(json.joinPosition("\"ok\"")).isNull();
    }

    @Test
    void commandsAreWrittenWithTheirDataAsGiven() {
        assertThat(json.command("3", "chat.send", Map.of(), "{\"text\":\"hi\"}"))
                .isEqualTo("{\"id\":\"3\",\"cmd\":\"chat.send\",\"data\":{\"text\":\"hi\"}}");
        assertThat(json.command("4", "join", Map.of("group", "r\"1"), null))
                .isEqualTo("{\"id\":\"4\",\"cmd\":\"join\",\"group\":\"r\\\"1\"}");
        assertThat(json.command(null, "ack", Map.of("id", "m-1"), null)).isEqualTo("{\"cmd\":\"ack\",\"id\":\"m-1\"}");
    }

    @Test
    void aLoginCarriesItsPositionsAsSince() {
        Map<String, Position> since = new LinkedHashMap<>();
        since.put("user:alice", new Position("e1", 40));
        since.put("all", new Position("e2", 0));

        assertThat(json.login("1", "alice", "t", "web", false, since)).isEqualTo("{\"id\":\"1\",\"cmd\":\"login\","
                + "\"uid\":\"alice\",\"token\":\"t\",\"device\":\"web\",\"since\":{\"user:alice\":{\"epoch\":\"e1\","
                + "\"seq\":40},\"all\":{\"epoch\":\"e2\",\"seq\":0}}}");
        assertThat(json.login("1", "alice", "t", null, false, Map.of()))
                .isEqualTo("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"alice\",\"token\":\"t\"}");
        assertThat(json.login("1", "alice", "t", null, true, Map.of()))
                .isEqualTo("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"alice\",\"token\":\"t\",\"ordered\":true}");
    }

    @Test
    void dataMustBeOneJsonValue() {
        json.requireValue("{\"a\":[1,2]}");
        json.requireValue("\"text\"");
        assertThatThrownBy(() -> json.requireValue("")).hasMessage("data: empty (expected: one JSON value)");
        assertThatThrownBy(() -> json.requireValue("1 2")).hasMessage("data: more than one JSON value");
        assertThatThrownBy(() -> json.requireValue("{\"a\":")).hasMessageStartingWith("data: not JSON");
    }

    @Test
    void aTokensExpiryIsReadFromItsPayload() {
        String payload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"alice\",\"exp\":1700000000}".getBytes());

        assertThat(Tokens.expiry(json, "h." + payload + ".s")).hasValue(1700000000L);
        assertThat(Tokens.expiry(json, "not a jwt")).isEmpty();
        assertThat(Tokens.expiry(json, "h.!!.s")).isEmpty();
        assertThat(Tokens.expiry(json, TestNode.token("alice", Duration.ofSeconds(60)))).isPresent();
    }
}
