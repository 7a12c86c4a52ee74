package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/push} end to end: to every connection of a user, to one connection, to several users, the
 * payload delivered byte for byte, and the dedupe window.
 */
class PushIT {

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aPushToAUserReachesEachOfItsConnectionsOnce() {
        WsClient phone = gateway.login("alice");
        WsClient laptop = gateway.login("alice");
        WsClient bob = gateway.login("bob");

        ApiClient.Reply reply = gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", Map.of("text", "hi")));

        assertThat(reply.msg()).isEqualTo("ok");
        assertThat(reply.data()).containsAllEntriesOf(Map.of("id", "m-1", "delivered", 2));
        for (WsClient client : List.of(phone, laptop)) {
            assertThat(client.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", "m-1", "data", Map.of("text", "hi")));
        }
        gateway.assertNothingMoreFor(phone, laptop, bob);
    }

    @Test
    void aPushToAConnectionReachesOnlyThatConnection() {
        WsClient phone = gateway.login("alice");
        WsClient laptop = gateway.login("alice");

        ApiClient.Reply reply = gateway.api().push(
                Map.of("conn", laptop.conn(), "id", "m-2", "data", "for the laptop"));

        assertThat(reply.data()).containsAllEntriesOf(Map.of("id", "m-2", "delivered", 1));
        assertThat(laptop.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", "m-2", "data", "for the laptop"));
        gateway.assertNothingMoreFor(phone, laptop);
    }

    @Test
    void aPushToSeveralUsersReachesEachOfThemOnce() {
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        WsClient bobToo = gateway.login("bob");
        WsClient carol = gateway.login("carol");

        // dave is offline; alice is named twice and still gets it once.
        ApiClient.Reply reply = gateway.api().push(Map.of(
                "uids", List.of("alice", "bob", "dave", "alice"), "id", "m-3", "data", List.of(1, 2, 3)));

        assertThat(reply.data()).containsAllEntriesOf(Map.of("id", "m-3", "delivered", 3));
        for (WsClient client : List.of(alice, bob, bobToo)) {
            assertThat(client.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", "m-3", "data", List.of(1, 2, 3)));
        }
        gateway.assertNothingMoreFor(alice, bob, bobToo, carol);
    }

    @Test
    void aPushToNobodyOnlineDeliversNothing() {
        gateway.login("alice");

        assertThat(gateway.api().push(Map.of("uid", "nobody", "id", "m-4", "data", 1)).data("delivered")).isEqualTo(0);
        assertThat(gateway.api().push(Map.of("conn", "no-such-conn", "id", "m-5", "data", 1)).data("delivered"))
                .isEqualTo(0);
    }

    @Test
    void thePayloadArrivesExactlyAsSent() {
        WsClient alice = gateway.login("alice");
        // Numbers a double would change, escapes, non-ASCII text and nesting.
        String data = "{\"n\":0.10000000000000000555,\"big\":1e400,\"s\":\"caf\\u00e9 \\\"quoted\\\" \\\\ 雪\","
                + "\"deep\":[[{\"x\":null}],true,false]}";

        gateway.api().post("/api/push", "{\"uid\":\"alice\",\"id\":\"m-6\",\"data\":" + data + "}").expect(200);

        assertThat(alice.nextText())
                .isEqualTo("{\"cmd\":\"push\",\"id\":\"m-6\",\"stream\":\"user:alice\",\"seq\":1,\"data\":" + data + "}");
    }

    @Test
    void aPushWithoutAnIdGetsOneFromTheServerAndIsNeverADuplicate() {
        WsClient alice = gateway.login("alice");

        ApiClient.Reply first = gateway.api().push(Map.of("uid", "alice", "data", "a"));
        ApiClient.Reply second = gateway.api().push(Map.of("uid", "alice", "data", "b"));

        String firstId = (String) first.data("id");
        String secondId = (String) second.data("id");
        assertThat(firstId).isNotBlank().isNotEqualTo(secondId);
        assertThat(second.data("delivered")).isEqualTo(1);
        assertThat(alice.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", firstId, "data", "a"));
        assertThat(alice.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", secondId, "data", "b"));
    }

    @Test
    void aRepeatedIdIsAnsweredAsADuplicateAndDeliveredOnce() {
        WsClient alice = gateway.login("alice");
        Map<String, Object> push = Map.of("uid", "alice", "id", "m-dup", "data", "once");

        ApiClient.Reply first = gateway.api().push(push);
        ApiClient.Reply second = gateway.api().push(push);

        assertThat(first.data()).containsAllEntriesOf(Map.of("id", "m-dup", "delivered", 1));
        assertThat(second.data()).containsEntry("id", "m-dup").containsEntry("duplicate", true)
                .containsEntry("delivered", 0);
        assertThat(alice.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", "m-dup", "data", "once"));
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void anIdIsADuplicateWhateverItsTarget() {
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");

        gateway.api().push(Map.of("uid", "alice", "id", "m-7", "data", 1));
        ApiClient.Reply toBob = gateway.api().push(Map.of("uid", "bob", "id", "m-7", "data", 2));
        ApiClient.Reply broadcast = gateway.api().broadcast(Map.of("id", "m-7", "data", 3));

        assertThat(toBob.data("duplicate")).isEqualTo(true);
        assertThat(broadcast.data("duplicate")).isEqualTo(true);
        assertThat(alice.nextPush()).containsEntry("id", "m-7").containsEntry("data", 1);
        gateway.assertNothingMoreFor(alice, bob);
    }
}
