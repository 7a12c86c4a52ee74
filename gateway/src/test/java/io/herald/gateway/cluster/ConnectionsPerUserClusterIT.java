package io.herald.gateway.cluster;

import io.herald.gateway.GatewayConfig;
import io.herald.gateway.WsClient;
import io.herald.gateway.capacity.CapacityConfig;
import io.herald.route.ConnectionLimit;
import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import static io.herald.gateway.cluster.ClusterNodes.connectionIds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --max-conns-per-user} across two nodes and a real Redis: the limit counts the user's connections on every
 * node; {@code replace} closes the oldest on the node that holds it (relayed) with 4010; {@code reject} refuses a
 * login past it, and two logins racing for the last place on two nodes never both get it.
 */
class ConnectionsPerUserClusterIT {

    private static final int RACES = 10;

    private static RedisProcess redis;

    private final ExecutorService racers = Executors.newFixedThreadPool(2);
    private ClusterNodes cluster;
    private ClusterNode n1;
    private ClusterNode n2;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            racers.shutdownNow();
        }
    }

    private void start(int max, ConnectionLimit.Policy policy) {
        cluster = new ClusterNodes(redis.uri());
        UnaryOperator<GatewayConfig.Builder> limit = b -> b.capacity(CapacityConfig.builder()
                .maxConnsPerUser(max).connsPerUserPolicy(policy).build());
        n1 = cluster.start("n1", limit);
        n2 = cluster.start("n2", limit);
        cluster.mesh();
    }

    @Test
    void replaceClosesTheOldestOnTheOtherNode() {
        start(2, ConnectionLimit.Policy.REPLACE);
        WsClient oldest = n1.login("alice");
        WsClient second = n2.login("alice");

        WsClient newest = n2.login("alice");

        assertThat(oldest.awaitClose()).isEqualTo(4010);
        assertThat(oldest.closeReason()).isEqualTo("replaced: too many connections for this user");
        assertThat(connectionIds(n1.api(), "alice")).containsExactlyInAnyOrder(second.conn(), newest.conn());
        assertThat(n1.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1)).data("delivered")).isEqualTo(2);
        assertThat(second.nextPush()).containsEntry("id", "m-1");
        assertThat(newest.nextPush()).containsEntry("id", "m-1");

        WsClient onOne = n1.login("alice");
        assertThat(second.awaitClose()).as("the next oldest, on the node of the login").isEqualTo(4010);
        cluster.assertNothingMoreFor(newest, onOne);
    }

    @Test
    void rejectCountsTheConnectionsOnEveryNode() {
        start(2, ConnectionLimit.Policy.REJECT);
        WsClient onOne = n1.login("alice");
        WsClient onTwo = n2.login("alice");
        WsClient refused = n1.connect();

        assertThat(refused.tryLogin("alice", ClusterNode.token("alice"), null)).containsEntry("code", 429);
        assertThat(refused.awaitClose()).isEqualTo(4010);
        assertThat(connectionIds(n2.api(), "alice")).containsExactlyInAnyOrder(onOne.conn(), onTwo.conn());
        cluster.assertNothingMoreFor(onOne, onTwo);
    }

    @Test
    void twoLoginsRacingForTheLastPlaceOnTwoNodesNeverBothGetIt() {
        start(2, ConnectionLimit.Policy.REJECT);
        WsClient stays = n1.login("racer");
        for (int round = 0; round < RACES; round++) {
            WsClient onOne = n1.connect();
            WsClient onTwo = n2.connect();

            List<Map<String, Object>> replies = race(() -> login(onOne), () -> login(onTwo));

            assertThat(replies).extracting(reply -> reply.get("code")).as("round %d", round)
                    .containsExactlyInAnyOrder(200, 429);
            WsClient admitted = Integer.valueOf(200).equals(replies.get(0).get("code")) ? onOne : onTwo;
            WsClient refused = admitted == onOne ? onTwo : onOne;
            assertThat(refused.awaitClose()).isEqualTo(4010);
            admitted.useConnection(conn(admitted == onOne ? replies.get(0) : replies.get(1)));
            assertThat(connectionIds(n2.api(), "racer")).isEqualTo(Set.of(stays.conn(), admitted.conn()));

            admitted.close();
            assertThat(admitted.awaitClose()).isEqualTo(1000);
            Eventually.until("the admitted one's place free again", () -> connectionIds(n1.api(), "racer"),
                    ids -> ids.equals(Set.of(stays.conn())));
        }
        cluster.assertNothingMoreFor(stays);
    }

    private static Map<String, Object> login(WsClient client) {
        return client.tryLogin("racer", ClusterNode.token("racer"), null);
    }

    @SuppressWarnings("unchecked")
    private static String conn(Map<String, Object> reply) {
        return (String) ((Map<String, Object>) reply.get("data")).get("conn");
    }

    /** Runs both at the same instant, each on a thread of its own, and returns what each returned. */
    private List<Map<String, Object>> race(java.util.function.Supplier<Map<String, Object>> first,
                                           java.util.function.Supplier<Map<String, Object>> second) {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Map<String, Object>> one = CompletableFuture.supplyAsync(() -> awaitThen(start, first),
                racers);
        CompletableFuture<Map<String, Object>> two = CompletableFuture.supplyAsync(() -> awaitThen(start, second),
                racers);
        try {
            CompletableFuture.allOf(one, two).get(Eventually.BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return List.of(one.join(), two.join());
        } catch (ExecutionException e) {
            throw new AssertionError("a racer failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the racers did not finish within " + Eventually.BOUND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static <T> T awaitThen(CyclicBarrier start, java.util.function.Supplier<T> action) {
        try {
            start.await(Eventually.BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other racer never came", e);
        }
        return action.get();
    }
}
