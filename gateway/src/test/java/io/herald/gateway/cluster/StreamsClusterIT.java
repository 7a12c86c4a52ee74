package io.herald.gateway.cluster;

import io.herald.gateway.ApiClient;
import io.herald.gateway.WsClient;
import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams across nodes: seqs handed out cluster-wide, every connection gets each stream in order and once. */
class StreamsClusterIT {

    private static RedisProcess redis;

    private ClusterNodes cluster;
    private ClusterNode n1;
    private ClusterNode n2;
    private ClusterNode n3;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNodes() {
        cluster = new ClusterNodes(redis.uri());
        List<ClusterNode> nodes = cluster.startMeshed("n1", "n2", "n3");
        n1 = nodes.get(0);
        n2 = nodes.get(1);
        n3 = nodes.get(2);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void concurrentGroupPushesThroughEveryNodeReachEveryMemberInSeqOrderOnce() throws Exception {
        List<WsClient> members = new ArrayList<>();
        List<ClusterNode> nodes = List.of(n1, n2, n3);
        for (int i = 0; i < 12; i++) {
            WsClient member = nodes.get(i % 3).login("u" + i);
            ClusterNodes.join(n1.api(), "room", "u" + i);
            members.add(member);
        }
        ExecutorService backends = Executors.newFixedThreadPool(8);
        List<CompletableFuture<ApiClient.Reply>> pushes = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            ApiClient api = nodes.get(p % 3).api();
            String id = "g-" + p;
            pushes.add(CompletableFuture.supplyAsync(() -> api.broadcast(Map.of("group", "room", "id", id,
                    "data", id)), backends));
        }
        List<Integer> seqs = new ArrayList<>();
        for (CompletableFuture<ApiClient.Reply> push : pushes) {
            ApiClient.Reply reply = push.get(30, TimeUnit.SECONDS);
            assertThat(reply.data("delivered")).isEqualTo(12);
            seqs.add((Integer) reply.data("seq"));
        }
        backends.shutdown();

        assertThat(seqs).doesNotHaveDuplicates().allSatisfy(seq -> assertThat(seq).isBetween(1, 60));
        for (WsClient member : members) {
            for (int seq = 1; seq <= 60; seq++) {
                assertThat(member.nextPush()).as("seq %d to %s", seq, member.conn())
                        .containsEntry("stream", "group:room").containsEntry("seq", seq);
            }
        }
        cluster.assertNothingMoreFor(members.toArray(WsClient[]::new));
    }

    @Test
    void seqsOfOneUserAreConsecutiveWhenThreeNodesPushToItAtOnce() throws Exception {
        WsClient alice = n2.login("alice");
        List<ClusterNode> nodes = List.of(n1, n2, n3);
        ExecutorService backends = Executors.newFixedThreadPool(6);
        List<CompletableFuture<ApiClient.Reply>> pushes = new ArrayList<>();
        for (int p = 0; p < 90; p++) {
            ApiClient api = nodes.get(p % 3).api();
            String id = "m-" + p;
            pushes.add(CompletableFuture.supplyAsync(() -> api.push(Map.of("uid", "alice", "id", id, "data", 1)),
                    backends));
        }
        for (CompletableFuture<ApiClient.Reply> push : pushes) {
            assertThat(push.get(30, TimeUnit.SECONDS).data("delivered")).isEqualTo(1);
        }
        backends.shutdown();

        for (int seq = 1; seq <= 90; seq++) {
            assertThat(alice.nextPush()).containsEntry("stream", "user:alice").containsEntry("seq", seq);
        }
        cluster.assertNothingMoreFor(alice);
    }

    @Test
    void aClientRecoversOnAnotherNodeWhatWasPushedWhileItsNodeWasGone() {
        WsClient away = n1.connect();
        Map<String, Object> position = position(away.loginSince("alice", ClusterNode.token("alice"), Map.of()), "alice");
        n2.api().push(Map.of("uid", "alice", "id", "seen", "data", 0));
        assertThat(away.nextPush()).containsEntry("id", "seen").containsEntry("seq", 1);
        Map<String, Object> seen = Map.of("epoch", position.get("epoch"), "seq", 1);

        cluster.stop(n1);
        assertThat(away.awaitClose()).isEqualTo(1001);
        List<Integer> seqs = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            ApiClient.Reply reply = n2.api().push(Map.of("uid", "alice", "id", "missed-" + n, "data", n));
            assertThat(reply.data("delivered")).isEqualTo(0);
            seqs.add((Integer) reply.data("seq"));
        }

        WsClient back = n3.track(WsClient.connect(n3.websocketUri()));
        Map<String, Object> data = back.loginSince("alice", ClusterNode.token("alice"), Map.of("user:alice", seen));

        assertThat(seqs).containsExactly(2, 3, 4, 5, 6);
        assertThat(data).containsEntry("recovered", true);
        for (int n = 1; n <= 5; n++) {
            assertThat(back.nextPush()).containsEntry("id", "missed-" + n).containsEntry("seq", n + 1);
        }
        cluster.assertNothingMoreFor(back);
    }

    @Test
    void aStoredPushComesAtTheNextLoginOnAnotherNodeAndNotAgainOnceAcked() {
        ApiClient.Reply reply = n1.api().push(Map.of("uid", "bob", "id", "kept", "data", "hi", "ttl", "1h"));
        assertThat(reply.data()).containsEntry("stored", 1).containsEntry("delivered", 0);

        WsClient onN2 = n2.login("bob");
        assertThat(onN2.nextPush()).containsEntry("id", "kept");
        onN2.ack("kept");
        cluster.assertNothingMoreFor(onN2);
        onN2.close();

        WsClient onN3 = n3.login("bob");
        cluster.assertNothingMoreFor(onN3);
    }

    @Test
    void aRelayedAwaitedPushGetsItsAcksBackThroughTheRelay() throws Exception {
        WsClient alice = n2.login("alice");
        WsClient aliceToo = n3.login("alice");

        CompletableFuture<ApiClient.Reply> answer = CompletableFuture.supplyAsync(() -> n1.api().push(Map.of(
                "uid", "alice", "id", "m-1", "data", 1, "await", "ack", "timeout", "10s")));
        alice.ack((String) alice.nextPush().get("id"));
        aliceToo.ack((String) aliceToo.nextPush().get("id"));

        assertThat(answer.get(10, TimeUnit.SECONDS).data()).containsEntry("delivered", 2).containsEntry("acked", 2);
    }

    @Test
    void aDrainingNodeSendsItsClientsElsewhereAndTheyLoseNothing() throws Exception {
        List<WsClient> onN1 = new ArrayList<>();
        List<Map<String, Object>> positions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            WsClient client = n1.connect();
            positions.add(position(client.loginSince("u" + i, ClusterNode.token("u" + i), Map.of()), "u" + i));
            onN1.add(client);
        }

        n1.api().post("/api/drain", Map.of()).expect(200);
        assertThat(n1.api().get("/healthz").expect(503).data()).containsEntry("status", "draining");
        for (int i = 0; i < 5; i++) {
            n2.api().push(Map.of("uid", "u" + i, "id", "during-drain-" + i, "data", i));
        }
        for (WsClient client : onN1) {
            assertThat(client.awaitClose()).isEqualTo(1001);
        }
        n1.server().drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(n1.api().get("/api/nodes").expect(200).data()).as("the API answers while it drains").isNotNull();

        for (int i = 0; i < 5; i++) {
            WsClient again = n3.track(WsClient.connect(n3.websocketUri()));
            Map<String, Object> position = positions.get(i);
            Map<String, Object> data = again.loginSince("u" + i, ClusterNode.token("u" + i),
                    Map.of("user:u" + i, Map.of("epoch", position.get("epoch"), "seq", position.get("seq"))));
            assertThat(data).containsEntry("recovered", true);
            assertThat(again.nextPush()).containsEntry("id", "during-drain-" + i);
        }
    }

    @Test
    void aBroadcastAcceptedOnceANodeIsListedReachesItsClientsBeforeAnyHeartbeat() {
        ClusterNode n4 = cluster.start("n4");
        WsClient onN4 = n4.login("dora");
        assertThat(ClusterNodes.liveNodes(n2.api())).as("listed").containsKey("n4");

        ApiClient.Reply reply = n1.api().broadcast(Map.of("id", "hello-n4", "data", 1));

        assertThat(reply.data("delivered")).isEqualTo(1);
        assertThat(onN4.nextPush()).containsEntry("id", "hello-n4");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> position(Map<String, Object> loginData, String uid) {
        return ((Map<String, Map<String, Object>>) loginData.get("streams")).get("user:" + uid);
    }
}
