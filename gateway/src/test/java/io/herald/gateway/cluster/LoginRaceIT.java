package io.herald.gateway.cluster;

import io.herald.gateway.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.herald.gateway.cluster.ClusterNodes.connectionIds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins and closes of one user racing each other on two nodes, many rounds in a row: no route is lost (every
 * open connection stays reachable from both nodes) and none lingers (a closed connection's route goes, even
 * when it closes before its own registration finished), because routes are per connection and removed
 * compare-and-delete.
 */
class LoginRaceIT extends TwoNodesOnRedis {

    private static final int ROUNDS = 20;
    private static final String UID = "racer";

    private final ExecutorService racers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopMore() {
        racers.shutdownNow();
    }

    @Test
    void twoLoginsOfOneUserRacingOnTwoNodesAreBothRouted() {
        List<WsClient> clients = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            WsClient onOne = n1.connect();
            WsClient onTwo = n2.connect();

            race(() -> logIn(onOne), () -> logIn(onTwo));

            clients.add(onOne);
            clients.add(onTwo);
        }

        Set<String> expected = conns(clients);
        assertThat(connectionIds(n1.api(), UID)).isEqualTo(expected);
        assertThat(connectionIds(n2.api(), UID)).isEqualTo(expected);
        assertEveryoneReached(clients);
    }

    @Test
    void aCloseRacingAFreshLoginOfTheSameUserLosesNoRoute() {
        WsClient current = n1.login(UID);
        for (int round = 0; round < ROUNDS; round++) {
            // The fresh login is on the other node in even rounds, on the same node in odd ones.
            ClusterNode next = round % 2 == 0 ? n2 : n1;
            WsClient old = current;
            WsClient fresh = next.connect();

            race(old::close, () -> logIn(fresh));

            assertThat(old.awaitClose()).isEqualTo(1000);
            current = fresh;
        }

        WsClient last = current;
        Eventually.until("only the last connection routed", () -> connectionIds(n2.api(), UID),
                ids -> ids.equals(Set.of(last.conn())));
        assertThat(connectionIds(n1.api(), UID)).containsExactly(last.conn());
        assertEveryoneReached(List.of(last));
    }

    @Test
    void aConnectionClosedBeforeItsLoginIsRegisteredLeavesNoRouteBehind() {
        List<WsClient> fresh = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            WsClient quitter = (round % 2 == 0 ? n1 : n2).connect();
            WsClient stayer = (round % 2 == 0 ? n2 : n1).connect();

            // The quitter does not wait for its login's answer: its close overtakes its registration.
            race(() -> {
                quitter.send(login(UID));
                quitter.close();
            }, () -> logIn(stayer));

            assertThat(quitter.awaitClose()).isEqualTo(1000);
            fresh.add(stayer);
        }

        Set<String> expected = conns(fresh);
        Eventually.until("only the connections still open routed", () -> connectionIds(n1.api(), UID),
                expected::equals);
        assertThat(connectionIds(n2.api(), UID)).isEqualTo(expected);
        assertEveryoneReached(fresh);
    }

    private void logIn(WsClient client) {
        client.login(UID, ClusterNode.token(UID), null);
    }

    private static Map<String, Object> login(String uid) {
        return Map.of("id", "login", "cmd", "login", "uid", uid, "token", ClusterNode.token(uid));
    }

    /** Pushes to the user through each node and checks that every one of these clients, and no more, got it. */
    private void assertEveryoneReached(List<WsClient> clients) {
        for (ClusterNode via : List.of(n1, n2)) {
            String id = "after-the-race-via-" + via.id();
            assertThat(via.api().push(Map.of("uid", UID, "id", id, "data", 1)).data("delivered"))
                    .isEqualTo(clients.size());
            for (WsClient client : clients) {
                assertThat(client.nextPush()).containsEntry("id", id);
            }
        }
    }

    /** Runs both at the same instant, each on a thread of its own, and waits for both. */
    private void race(Runnable first, Runnable second) {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Void> one = CompletableFuture.runAsync(() -> awaitThen(start, first), racers);
        CompletableFuture<Void> two = CompletableFuture.runAsync(() -> awaitThen(start, second), racers);
        try {
            CompletableFuture.allOf(one, two).get(Eventually.BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a racer failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the racers did not finish within " + Eventually.BOUND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void awaitThen(CyclicBarrier start, Runnable action) {
        try {
            start.await(Eventually.BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other racer never came", e);
        }
        action.run();
    }

    private static Set<String> conns(List<WsClient> clients) {
        Set<String> conns = new TreeSet<>();
        clients.forEach(client -> conns.add(client.conn()));
        return conns;
    }
}
