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
}
