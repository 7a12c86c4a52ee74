package io.herald.gateway.cluster;

import io.herald.gateway.ApiClient;
import io.herald.gateway.WsClient;
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
 * The {@code join} reply's place in the group's stream on a cluster of two nodes with a real Redis: a client joins
 * on one node while backends push to the group through the other's API.
 */
class JoinPositionClusterIT extends TwoNodesOnRedis {


    @Test
    void aJoinOnOneNodeWhilePushesComeThroughTheOtherGetsExactlyThePushesPastItsPlace() throws Exception {
        ExecutorService backends = Executors.newFixedThreadPool(2);
        AtomicBoolean pushing = new AtomicBoolean(true);
        List<CompletableFuture<Integer>> lastSeqs = new ArrayList<>();
        try {
            for (int b = 0; b < 2; b++) {
                int backend = b;
                lastSeqs.add(CompletableFuture.supplyAsync(() -> {
                    int last = 0;
                    for (int n = 0; pushing.get(); n++) {
                        last = Math.max(last, (Integer) broadcast(n2.api(), "room", "b" + backend + "-" + n)
                                .data("seq"));
                    }
                    return last;
                }, backends));
            }
            List<WsClient> members = new ArrayList<>();
            List<Integer> places = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                WsClient member = n1.connect();
                member.login("u" + i, ClusterNode.token("u" + i, "room"), null);
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
            assertThat(places).as("joined while pushes came").isSorted().last().isNotEqualTo(0);
            for (int i = 0; i < members.size(); i++) {
                for (int seq = places.get(i) + 1; seq <= last; seq++) {
                    assertThat(members.get(i).nextPush()).as("member %d, which started at %d", i, places.get(i))
                            .containsEntry("stream", "group:room").containsEntry("seq", seq);
                }
            }
            cluster.assertNothingMoreFor(members.toArray(WsClient[]::new));
        } finally {
            pushing.set(false);
            backends.shutdown();
        }
    }

    @Test
    void aClientThatDropsBeforeTheGroupsFirstPushRecoversFromTheReplysPlaceOnTheOtherNode() {
        broadcast(n2.api(), "room", "before");
        WsClient alice = n1.connect();
        alice.login("alice", ClusterNode.token("alice", "room"), null);
        Map<String, Object> place = data(alice.request(Map.of("id", "j", "cmd", "join", "group", "room")));
        assertThat(place).containsEntry("stream", "group:room").containsEntry("seq", 1);
        alice.close();
        alice.awaitClose();
        List<Object> missed = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            missed.add(broadcast(n2.api(), "room", "missed-" + n).data("seq"));
        }

        WsClient back = n2.track(WsClient.connect(n2.websocketUri()));
        Map<String, Object> login = back.loginSince("alice", ClusterNode.token("alice", "room"),
                Map.of("group:room", Map.of("epoch", place.get("epoch"), "seq", place.get("seq"))));

        assertThat(missed).containsExactly(2, 3, 4);
        assertThat(login).containsEntry("recovered", true);
        for (int n = 1; n <= 3; n++) {
            assertThat(back.nextPush()).containsEntry("id", "missed-" + n).containsEntry("seq", n + 1);
        }
        cluster.assertNothingMoreFor(back);
    }

    /** A user on both nodes, joined through one: a broadcast made once the join is answered reaches all of it. */
    @Test
    void aBroadcastMadeOnceAJoinWasAnsweredReachesTheUsersConnectionsOnEveryNode() {
        WsClient onN1 = n1.connect();
        onN1.login("bob", ClusterNode.token("bob", "by-command"), null);
        WsClient onN2 = n2.login("bob");

        for (int i = 0; i < 50; i++) {
            ClusterNodes.join(n2.api(), "r" + i, "bob");
            assertThat(broadcast(n2.api(), "r" + i, "g-" + i).data("delivered")).as("round %d", i).isEqualTo(2);
            assertThat(onN1.nextPush()).as("round %d", i).containsEntry("id", "g-" + i);
            assertThat(onN2.nextPush()).as("round %d", i).containsEntry("id", "g-" + i);
        }
        assertThat(onN1.request(Map.of("id", "j", "cmd", "join", "group", "by-command"))).containsEntry("code", 200);
        assertThat(broadcast(n1.api(), "by-command", "g-c").data("delivered")).isEqualTo(2);
        assertThat(onN1.nextPush()).containsEntry("id", "g-c");
        assertThat(onN2.nextPush()).containsEntry("id", "g-c");
        cluster.assertNothingMoreFor(onN1, onN2);
    }

    private static ApiClient.Reply broadcast(ApiClient api, String group, String id) {
        return api.broadcast(Map.of("group", group, "id", id, "data", id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> reply) {
        assertThat(reply).containsEntry("code", 200);
        return (Map<String, Object>) reply.get("data");
    }
}
