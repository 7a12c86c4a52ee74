package io.herald.gateway;

import io.herald.route.ClusterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code join} reply gives where the connection starts in the group's stream, on a node alone: exactly, whatever
 * pushes are under way, so that a client that drops before the group's first push recovers the group with
 * {@code since}; and a push made once a join was answered (the reply, or the API's answer) reaches every connection
 * of the user.
 */
class JoinPositionIT {

    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theJoinReplySaysWhereTheConnectionStartsWithItsFieldsInOrder() {
        gateway = GatewayFixture.start();
        broadcast("room1", "before-1");
        broadcast("room1", "before-2");
        WsClient alice = gateway.login("alice", "room1");

        alice.send(Map.of("id", "j1", "cmd", "join", "group", "room1"));
        String reply = alice.nextText();

        String epoch = (String) data(JsonTree.parseObject(reply)).get("epoch");
        assertThat(epoch).isNotEmpty();
        assertThat(reply).isEqualTo("{\"id\":\"j1\",\"cmd\":\"join\",\"code\":200,\"msg\":\"ok\",\"data\":{"
                + "\"stream\":\"group:room1\",\"epoch\":\"" + epoch + "\",\"seq\":2}}");
        assertThat(broadcast("room1", "after").data("seq")).isEqualTo(3);
        assertThat(alice.nextPush()).containsEntry("id", "after").containsEntry("seq", 3);
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void aJoinOfAGroupTheUserIsInAlreadyAnswersTheConnectionsPlace() {
        gateway = GatewayFixture.start();
        WsClient phone = gateway.login("alice", "room1");
        WsClient laptop = gateway.login("alice", "room1");
        Map<String, Object> first = data(phone.request(Map.of("id", "j1", "cmd", "join", "group", "room1")));
        broadcast("room1", "g-1");
        assertThat(phone.nextPush()).containsEntry("seq", 1);
        assertThat(laptop.nextPush()).containsEntry("seq", 1);

        Map<String, Object> again = data(laptop.request(Map.of("id", "j2", "cmd", "join", "group", "room1")));

        assertThat(first).isEqualTo(Map.of("stream", "group:room1", "epoch", first.get("epoch"), "seq", 0));
        assertThat(again).isEqualTo(Map.of("stream", "group:room1", "epoch", first.get("epoch"), "seq", 1));
        gateway.assertNothingMoreFor(phone, laptop);
    }

    @Test
    void aClientThatDropsBeforeTheGroupsFirstPushRecoversItFromTheReplysPlace() {
        gateway = GatewayFixture.start();
        WsClient alice = gateway.login("alice", "room1");
        Map<String, Object> position = data(alice.request(Map.of("id", "j1", "cmd", "join", "group", "room1")));
        alice.close();
        alice.awaitClose();
        gateway.awaitOffline("alice");
        for (int n = 1; n <= 3; n++) {
            assertThat(broadcast("room1", "missed-" + n).data("delivered")).isEqualTo(0);
        }

        WsClient back = gateway.connect();
        Map<String, Object> login = back.loginSince("alice", gateway.token("alice", "room1"), Map.of("group:room1",
                Map.of("epoch", position.get("epoch"), "seq", position.get("seq"))));

        assertThat(login).containsEntry("recovered", true);
        for (int n = 1; n <= 3; n++) {
            assertThat(back.nextPush()).containsEntry("id", "missed-" + n).containsEntry("seq", n);
        }
        gateway.assertNothingMoreFor(back);
    }

    @Test
    void whereStreamsAreOffTheJoinReplyHasNoData() {
        gateway = GatewayFixture.start(b -> b.cluster(ClusterConfig.builder().historySize(0).build()));
        WsClient alice = gateway.login("alice", "room1");

        alice.send(Map.of("id", "j1", "cmd", "join", "group", "room1"));

        assertThat(alice.nextText()).isEqualTo("{\"id\":\"j1\",\"cmd\":\"join\",\"code\":200,\"msg\":\"ok\"}");
    }

    /**
     * Joins while four backends broadcast to the group without a pause: each reply splits the group's stream at its
     * place, every push after it (and nothing at or below it) comes in order, and every push made after the reply
     * is among them.
     */
    @Test
    void joinRepliesSplitTheStreamWhilePushesPourIn() throws Exception {
        gateway = GatewayFixture.start();
        ExecutorService backends = Executors.newFixedThreadPool(4);
        AtomicBoolean pushing = new AtomicBoolean(true);
        List<CompletableFuture<Integer>> lastSeqs = new ArrayList<>();
        try {
            for (int b = 0; b < 4; b++) {
                int backend = b;
                lastSeqs.add(CompletableFuture.supplyAsync(() -> {
                    int last = 0;
                    for (int n = 0; pushing.get(); n++) {
                        last = Math.max(last, (Integer) broadcast("room", "b" + backend + "-" + n).data("seq"));
                    }
                    return last;
                }, backends));
            }
            List<WsClient> members = new ArrayList<>();
            List<Integer> places = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                WsClient member = gateway.login("u" + i, "room");
                member.send(Map.of("id", "j", "cmd", "join", "group", "room"));
                Map<String, Object> reply = member.next();
                assertThat(reply).as("nothing of the group before the reply").containsEntry("cmd", "join");
                places.add((Integer) data(reply).get("seq"));
                members.add(member);
            }
            pushing.set(false);
            int last = 0;
            for (CompletableFuture<Integer> backend : lastSeqs) {
                last = Math.max(last, backend.get(30, TimeUnit.SECONDS));
            }
            for (int i = 0; i < members.size(); i++) {
                for (int seq = places.get(i) + 1; seq <= last; seq++) {
                    assertThat(members.get(i).nextPush()).as("member %d, which started at %d", i, places.get(i))
                            .containsEntry("stream", "group:room").containsEntry("seq", seq);
                }
            }
            gateway.assertNothingMoreFor(members.toArray(WsClient[]::new));
        } finally {
            pushing.set(false);
            backends.shutdown();
        }
    }

    /** A backend that joins a user by the API and broadcasts once answered: every connection of the user gets it. */
    @Test
    void aBroadcastMadeOnceAnApiJoinWasAnsweredReachesEveryConnectionOfTheUser() {
        gateway = GatewayFixture.start();
        List<WsClient> bob = List.of(gateway.login("bob"), gateway.login("bob"), gateway.login("bob"));

        for (int i = 0; i < 200; i++) {
            gateway.api().post("/api/groups/join", Map.of("group", "r" + i, "uid", "bob")).expect(200);
            assertThat(broadcast("r" + i, "g-" + i).data("delivered")).isEqualTo(3);
            for (WsClient connection : bob) {
                assertThat(connection.nextPush()).as("round %d", i).containsEntry("id", "g-" + i);
            }
        }
    }

    /** A client that joins and has a broadcast made once it read the reply gets it, as the SDK's tests do. */
    @Test
    void aBroadcastMadeOnceTheJoinReplyCameReachesTheConnection() {
        gateway = GatewayFixture.start(b -> b.cluster(ClusterConfig.builder().build()));
        for (int i = 0; i < 200; i++) {
            WsClient client = gateway.login("c" + i, "r" + i);
            Map<String, Object> position = data(client.request(Map.of("id", "j", "cmd", "join", "group", "r" + i)));
            assertThat(broadcast("r" + i, "g-" + i).data("seq")).isEqualTo((Integer) position.get("seq") + 1);
            assertThat(client.nextPush()).as("round %d", i).containsEntry("id", "g-" + i);
            client.close();
        }
    }

    private ApiClient.Reply broadcast(String group, String id) {
        return gateway.api().broadcast(Map.of("group", group, "id", id, "data", id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> reply) {
        assertThat(reply).containsEntry("code", 200);
        return (Map<String, Object>) reply.get("data");
    }
}
