package io.herald.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position a {@code join} reply may carry ({@code data: {stream, epoch, seq}}), against a scripted node: it is
 * kept, moved on by the group's pushes, never moved back by an older one, and sent as {@code since} at the next login.
 */
class JoinPositionIT {

    private static final String LOGGED_IN = "{\"id\":\"%s\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\",\"data\":"
            + "{\"conn\":\"c%s\",\"node\":\"scripted\",\"heartbeat\":25,\"streams\":{\"user:alice\":{\"epoch\":\"u\","
            + "\"seq\":0},\"all\":{\"epoch\":\"a\",\"seq\":0}%s},\"recovered\":true}}";

    @Test
    void aJoinRepliesPositionIsKeptAndRecoveredFrom() throws Exception {
        try (ScriptedNode node = new ScriptedNode()) {
            Events events = new Events();
            HeraldClient client = HeraldClient.newBuilder().uri(node.websocketUri()).uid("alice").token("t")
                    .reconnectDelay(Duration.ofMillis(10), Duration.ofMillis(50)).listener(events).build();
            try (client) {
                CompletableFuture<HeraldClient> connected = client.connect();
                Map<String, Object> login = node.nextCommand();
                assertThat(login).containsEntry("cmd", "login").doesNotContainKey("since");
                node.send(String.format(LOGGED_IN, login.get("id"), 1, ""));
                connected.get(10, TimeUnit.SECONDS);

                CompletableFuture<Reply> join = client.join("room");
                Map<String, Object> joining = node.nextCommand();
                assertThat(joining).containsEntry("cmd", "join").containsEntry("group", "room");
                node.send("{\"id\":\"" + joining.get("id") + "\",\"cmd\":\"join\",\"code\":200,\"msg\":\"ok\","
                        + "\"data\":{\"stream\":\"group:room\",\"epoch\":\"g\",\"seq\":4}}");
                join.get(10, TimeUnit.SECONDS);
                assertThat(client.positions()).containsEntry("group:room", new Position("g", 4));

                node.send("{\"cmd\":\"push\",\"id\":\"p-5\",\"stream\":\"group:room\",\"seq\":5,\"group\":\"room\","
                        + "\"data\":5}");
                events.awaitPushes(1);
                CompletableFuture<Reply> again = client.join("room");
                Map<String, Object> rejoining = node.nextCommand();
                node.send("{\"id\":\"" + rejoining.get("id") + "\",\"cmd\":\"join\",\"code\":200,\"msg\":\"ok\","
                        + "\"data\":{\"stream\":\"group:room\",\"epoch\":\"g\",\"seq\":3}}");
                again.get(10, TimeUnit.SECONDS);
                assertThat(client.positions()).as("not moved back").containsEntry("group:room", new Position("g", 5));

                node.hangUp();
                Map<String, Object> relogin = node.nextCommand();
                assertThat(relogin).containsEntry("cmd", "login").containsEntry("since", Map.of(
                        "user:alice", Map.of("epoch", "u", "seq", 0),
                        "all", Map.of("epoch", "a", "seq", 0),
                        "group:room", Map.of("epoch", "g", "seq", 5)));
                node.send(String.format(LOGGED_IN, relogin.get("id"), 2,
                        ",\"group:room\":{\"epoch\":\"g\",\"seq\":6}"));
                assertThat(events.<java.util.Set<String>>await("recovered", 1))
                        .containsExactly("all", "group:room", "user:alice");
                assertThat(client.positions()).containsEntry("group:room", new Position("g", 5));
            }
        }
    }
}
