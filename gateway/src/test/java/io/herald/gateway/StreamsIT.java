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

import static org.assertj.core.api.Assertions.assertThat;

/** Streams on a node alone: seqs, positions, recovery with since, history and its bounds. */
class StreamsIT {

    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayFixture start(ClusterConfig.Builder cluster) {
        gateway = GatewayFixture.start(b -> b.cluster(cluster.build()));
        return gateway;
    }

    @Test
    void pushesOnAStreamCarryItAndConsecutiveSeqsAndTheAnswerGivesTheSeq() {
        start(ClusterConfig.builder());
        WsClient alice = gateway.login("alice");

        for (int n = 1; n <= 3; n++) {
            ApiClient.Reply reply = gateway.api().push(Map.of("uid", "alice", "id", "m-" + n, "data", n));
            assertThat(reply.data()).isEqualTo(Map.of("id", "m-" + n, "delivered", 1, "seq", n));
        }
        ApiClient.Reply toConn = gateway.api().push(Map.of("conn", alice.conn(), "id", "c-1", "data", 0));

        for (int n = 1; n <= 3; n++) {
            assertThat(alice.nextPush()).isEqualTo(Map.of("cmd", "push", "id", "m-" + n, "stream", "user:alice",
                    "seq", n, "data", n));
        }
        assertThat(toConn.data()).as("a push to one connection is on no stream").doesNotContainKey("seq");
        assertThat(alice.nextPush()).isEqualTo(Map.of("cmd", "push", "id", "c-1", "data", 0));
    }

    @Test
    void aClientThatLogsInAgainWithSinceGetsWhatItMissedInOrderThenLivePushes() {
        start(ClusterConfig.builder());
        WsClient first = gateway.connect();
        Map<String, Object> login = first.loginSince("alice", gateway.token("alice"), Map.of());
        Map<String, Object> position = streams(login).get("user:alice");
        gateway.api().push(Map.of("uid", "alice", "id", "before", "data", 0));
        assertThat(first.nextPush()).containsEntry("id", "before");
        first.close();
        gateway.awaitOffline("alice");
        gateway.api().push(Map.of("uid", "alice", "id", "missed-1", "data", 1));
        gateway.api().push(Map.of("uid", "alice", "id", "missed-2", "data", 2));
        gateway.api().broadcast(Map.of("id", "b-1", "data", "all of you"));

        WsClient again = gateway.connect();
        Map<String, Object> data = again.loginSince("alice", gateway.token("alice"),
                Map.of("user:alice", Map.of("epoch", position.get("epoch"), "seq", 1)));
        gateway.api().push(Map.of("uid", "alice", "id", "live", "data", 3));

        assertThat(data).containsEntry("recovered", true).doesNotContainKey("lost");
        assertThat(streams(data).get("user:alice")).containsEntry("epoch", position.get("epoch"))
                .containsEntry("seq", 3);
        assertThat(again.nextPush()).containsEntry("id", "missed-1").containsEntry("seq", 2);
        assertThat(again.nextPush()).containsEntry("id", "missed-2").containsEntry("seq", 3);
        assertThat(again.nextPush()).containsEntry("id", "live").containsEntry("seq", 4);
        gateway.assertNothingMoreFor(again);
    }

    @Test
    void aStreamWhoseHistoryNoLongerReachesBackIsLostButWhatIsLeftComes() {
        start(ClusterConfig.builder().historySize(2));
        WsClient first = gateway.connect();
        Map<String, Object> position = streams(first.loginSince("alice", gateway.token("alice"), Map.of()))
                .get("user:alice");
        first.close();
        gateway.awaitOffline("alice");
        for (int n = 1; n <= 4; n++) {
            gateway.api().push(Map.of("uid", "alice", "id", "m-" + n, "data", n));
        }

        WsClient again = gateway.connect();
        Map<String, Object> data = again.loginSince("alice", gateway.token("alice"),
                Map.of("user:alice", Map.of("epoch", position.get("epoch"), "seq", 0)));

        assertThat(data).containsEntry("recovered", false).containsEntry("lost", List.of("user:alice"));
        assertThat(again.nextPush()).containsEntry("id", "m-3");
        assertThat(again.nextPush()).containsEntry("id", "m-4");
        gateway.assertNothingMoreFor(again);
    }

    @Test
    void aPositionFromAnotherEpochOrAStreamNotItsOwnIsLost() {
        start(ClusterConfig.builder());
        gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1));

        WsClient alice = gateway.connect();
        Map<String, Object> data = alice.loginSince("alice", gateway.token("alice"), Map.of(
                "user:alice", Map.of("epoch", "from-a-node-that-restarted", "seq", 7),
                "user:bob", Map.of("epoch", "x", "seq", 0)));

        assertThat(data).containsEntry("recovered", false);
        assertThat(data.get("lost")).asList().containsExactlyInAnyOrder("user:alice", "user:bob");
        assertThat(streams(data)).containsOnlyKeys("user:alice", "all");
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void theHistoryApiAnswersFromTheSameHistory() {
        start(ClusterConfig.builder());
        for (int n = 1; n <= 3; n++) {
            gateway.api().broadcast(Map.of("group", "room", "id", "g-" + n, "data", Map.of("n", n)));
        }

        Map<String, Object> history = gateway.api().get("/api/history?stream=group:room&since=1").expect(200).data();

        assertThat(history).containsEntry("seq", 3).containsEntry("complete", true).containsKey("epoch");
        assertThat(history.get("pushes")).asList().hasSize(2).first().isEqualTo(Map.of("cmd", "push", "id", "g-2",
                "stream", "group:room", "seq", 2, "group", "room", "data", Map.of("n", 2)));
        assertThat(gateway.api().get("/api/history").expect(400).msg()).isEqualTo("missing parameter 'stream'");
        assertThat(gateway.api().get("/api/history?stream=all&since=-1").expect(400).msg())
                .isEqualTo("parameter 'since' must be an integer >= 0");
    }

    @Test
    void streamsOffMeanNoSeqAndNoPositions() {
        start(ClusterConfig.builder().historySize(0));
        WsClient alice = gateway.connect();
        Map<String, Object> data = alice.loginSince("alice", gateway.token("alice"), Map.of());

        ApiClient.Reply reply = gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1));

        assertThat(data).doesNotContainKey("streams");
        assertThat(reply.data()).isEqualTo(Map.of("id", "m-1", "delivered", 1));
        assertThat(alice.nextPush()).isEqualTo(Map.of("cmd", "push", "id", "m-1", "data", 1));
        assertThat(gateway.api().get("/api/history?stream=all").expect(404).msg()).contains("--history-size 0");
    }

    @Test
    void concurrentPushesToOneUserArriveInSeqOrderOnce() throws Exception {
        start(ClusterConfig.builder());
        WsClient alice = gateway.login("alice");
        ExecutorService backends = Executors.newFixedThreadPool(8);
        List<CompletableFuture<ApiClient.Reply>> pushes = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            String id = "m-" + n;
            pushes.add(CompletableFuture.supplyAsync(() -> gateway.api().push(Map.of("uid", "alice", "id", id,
                    "data", 1)), backends));
        }
        for (CompletableFuture<ApiClient.Reply> push : pushes) {
            push.get(20, TimeUnit.SECONDS);
        }
        backends.shutdown();

        for (int seq = 1; seq <= 200; seq++) {
            assertThat(alice.nextPush()).containsEntry("seq", seq);
        }
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void pushesThatArriveWhileTheHistoryIsReplayedComeAfterItNeverBeforeOrTwice() throws Exception {
        start(ClusterConfig.builder().historySize(1000));
        WsClient first = gateway.connect();
        Map<String, Object> position = streams(first.loginSince("alice", gateway.token("alice"), Map.of()))
                .get("user:alice");
        first.close();
        gateway.awaitOffline("alice");
        for (int n = 1; n <= 300; n++) {
            gateway.api().push(Map.of("uid", "alice", "id", "m-" + n, "data", n));
        }
        ExecutorService backend = Executors.newSingleThreadExecutor();
        CompletableFuture<Void> live = CompletableFuture.runAsync(() -> {
            for (int n = 301; n <= 600; n++) {
                gateway.api().push(Map.of("uid", "alice", "id", "m-" + n, "data", n));
            }
        }, backend);

        WsClient again = gateway.connect();
        Map<String, Object> data = again.loginSince("alice", gateway.token("alice"),
                Map.of("user:alice", Map.of("epoch", position.get("epoch"), "seq", 0)));
        live.get(30, TimeUnit.SECONDS);
        backend.shutdown();

        assertThat(data).containsEntry("recovered", true);
        for (int seq = 1; seq <= 600; seq++) {
            assertThat(again.nextPush()).as("seq %d", seq).containsEntry("seq", seq).containsEntry("id", "m-" + seq);
        }
        gateway.assertNothingMoreFor(again);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> streams(Map<String, Object> loginData) {
        return (Map<String, Map<String, Object>>) loginData.get("streams");
    }
}
