package io.herald.cli;

import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes, each in its own JVM started from the fat jar as an operator would, on one real Redis: pushes
 * relayed between processes, the cluster's view of its nodes, and what happens when one node is killed with
 * SIGKILL (no clean leave): pushes for its users answer at once, it drops out within the node TTL, its users
 * stop counting as online, and its clients reconnect to another node and are reachable there at once. A node
 * paused (SIGSTOP) past its TTL drops out too, and when it resumes it registers its clients again. A node
 * killed with SIGKILL or stopped with SIGTERM (it drains) loses nothing its clients had not received: they
 * recover it on another node.
 *
 * <p>The nodes start once for the class; the tests run in order because the later ones kill and pause nodes.
 * Each test uses users of its own. A failing test prints every node's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessIT {

    private static final String CLUSTER_SECRET = "process-test-cluster-secret";
    private static final Duration NODE_TTL = Duration.ofSeconds(2);
    /** A node renews itself every third of the TTL. */
    private static final Duration HEARTBEAT = NODE_TTL.dividedBy(3);
    private static final Duration RELAY_TIMEOUT = Duration.ofSeconds(1);
    /** Room for an HTTP round trip and a busy scheduler on top of the bounds the protocol promises. */
    private static final Duration SLACK = Duration.ofMillis(500);

    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
    private final List<WsClient> clients = new CopyOnWriteArrayList<>();
    private RedisProcess redis;
    private NodeProcess n1;
    private NodeProcess n2;
    private NodeProcess n3;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            nodes.forEach(node -> System.err.printf("----- output of %s -----%n%s%n", node, node.output()));
        }
    };

    @BeforeAll
    void startCluster() {
        redis = RedisProcess.launch();
        // Three JVMs start faster side by side than one after another.
        List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
        for (String id : List.of("n1", "n2", "n3")) {
            starting.add(CompletableFuture.supplyAsync(() -> startNode(id)));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        n1 = starting.get(0).join();
        n2 = starting.get(1).join();
        n3 = starting.get(2).join();
    }

    private NodeProcess startNode(String id) {
        NodeProcess node = NodeProcess.startClusterNode(id, redis.uri(), CLUSTER_SECRET,
                "--node-ttl", NODE_TTL.toMillis() + "ms", "--relay-timeout", RELAY_TIMEOUT.toMillis() + "ms");
        nodes.add(node);
        return node;
    }

    @AfterAll
    void stopCluster() {
        clients.forEach(WsClient::abort);
        try {
            nodes.forEach(NodeProcess::stopAsync);
            nodes.forEach(NodeProcess::close);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private WsClient login(NodeProcess node, String uid) {
        WsClient client = WsClient.login(node.webSocket(), uid);
        clients.add(client);
        return client;
    }

    @Test
    @Order(1)
    void aPushThroughOneNodeReachesTheUserOnBothOtherNodes() {
        WsClient onTwo = login(n2, "alice");
        WsClient onThree = login(n3, "alice");

        assertThat(ApiClient.of(n1).onlineNodes("alice")).containsExactly("n2", "n3");
        assertThat(ApiClient.of(n1).push("alice", "m-alice-1", Map.of("hello", "alice"))).isEqualTo(2);

        assertThat(onTwo.nextPushData()).isEqualTo(Map.of("hello", "alice"));
        assertThat(onThree.nextPushData()).isEqualTo(Map.of("hello", "alice"));
    }

    @Test
    @Order(2)
    void everyNodeListsTheThreeNodesWithTheirApiAddresses() {
        Map<String, String> expected = Map.of("n1", n1.apiAddress(), "n2", n2.apiAddress(), "n3", n3.apiAddress());

        for (NodeProcess node : List.of(n1, n2, n3)) {
            assertThat(ApiClient.of(node).nodes()).as("/api/nodes of %s", node).isEqualTo(expected);
        }
    }

    @Test
    @Order(3)
    void aKilledNodeIsDroppedAndItsClientReconnectsToAnotherNodeAndIsReachableThere() {
        ApiClient api = ApiClient.of(n1);
        WsClient carolOnThree = login(n3, "carol");
        login(n2, "dave");
        login(n3, "dave");
        // Relays from n1 to n3 work, and n1 keeps a connection to n3 open for the next one.
        assertThat(api.push("carol", "m-carol-1", "before")).isEqualTo(1);
        assertThat(carolOnThree.nextPushData()).isEqualTo("before");

        n3.kill();
        long killed = System.nanoTime();

        long pushStart = System.nanoTime();
        int delivered = api.push("carol", "m-carol-2", "into the void");
        Duration pushTook = Duration.ofNanos(System.nanoTime() - pushStart);
        assertThat(delivered).isZero();
        assertThat(pushTook).as("a push to a user only on the killed node").isLessThan(RELAY_TIMEOUT);
        assertThat(api.push("dave", "m-dave-1", "half")).as("dave is still on n2").isEqualTo(1);

        long deadline = killed + NODE_TTL.plus(HEARTBEAT).plus(SLACK).toNanos();
        for (NodeProcess survivor : List.of(n1, n2)) {
            ApiClient survivorApi = ApiClient.of(survivor);
            Eventually.assertBefore(deadline, "n3 gone from the cluster as " + survivor + " sees it", () -> {
                assertThat(survivorApi.nodes()).containsOnlyKeys("n1", "n2");
                assertThat(survivorApi.onlineNodes("carol")).isEmpty();
                assertThat(survivorApi.onlineNodes("dave")).containsExactly("n2");
            });
        }

        assertThat(carolOnThree.awaitEnd()).as("how carol's connection to n3 ended").isNotNull();
        WsClient carolOnTwo = login(n2, "carol");
        assertThat(api.push("carol", "m-carol-3", "found you")).isEqualTo(1);
        assertThat(carolOnTwo.nextPushData()).isEqualTo("found you");
    }

    @Test
    @Order(4)
    void aKilledNodeThatNobodyRelaysToLeavesWithinTheNodeTtl() {
        NodeProcess n4 = startNode("n4");
        login(n4, "erin");
        ApiClient api = ApiClient.of(n1);
        assertThat(api.nodes()).containsOnlyKeys("n1", "n2", "n4");

        n4.kill();
        long killed = System.nanoTime();

        // Nothing told the cluster: n4's registration is still within its TTL, so only its expiry removes it.
        assertThat(api.nodes()).containsKey("n4");
        assertThat(api.onlineNodes("erin")).containsExactly("n4");
        Eventually.assertBefore(killed + NODE_TTL.plus(HEARTBEAT).plus(SLACK).toNanos(), "n4 expired", () -> {
            assertThat(api.nodes()).containsOnlyKeys("n1", "n2");
            assertThat(api.onlineNodes("erin")).isEmpty();
        });
    }

    @Test
    @Order(5)
    void aNodePausedPastItsTtlRegistersItsClientsAgainWhenItResumes() {
        ApiClient api = ApiClient.of(n1);
        WsClient frank = login(n2, "frank");
        assertThat(api.onlineNodes("frank")).containsExactly("n2");

        // A stop-the-world pause longer than the TTL, as a long GC or a frozen VM would cause.
        signal(n2, "STOP");
        try {
            Eventually.assertBefore(System.nanoTime() + NODE_TTL.plus(HEARTBEAT).plus(SLACK).toNanos(),
                    "n2 expired while paused", () -> assertThat(api.nodes()).containsOnlyKeys("n1"));
            // Reading frank's routes while n2 counts as dead drops them, as a push to frank would.
            assertThat(api.onlineNodes("frank")).isEmpty();
        } finally {
            signal(n2, "CONT");
        }

        Eventually.assertBefore(System.nanoTime() + HEARTBEAT.multipliedBy(2).plus(SLACK).toNanos(),
                "n2 back with frank's connection", () -> {
                    assertThat(api.nodes()).containsOnlyKeys("n1", "n2");
                    assertThat(api.onlineNodes("frank")).containsExactly("n2");
                });
        assertThat(api.push("frank", "m-frank-1", "welcome back")).isEqualTo(1);
        assertThat(frank.nextPushData()).isEqualTo("welcome back");
    }

    @Test
    @Order(6)
    void aClientOfAKilledNodeRecoversOnAnotherNodeEveryPushAnsweredWhileItWasAway() {
        NodeProcess n5 = startNode("n5");
        ApiClient api = ApiClient.of(n1);
        Map<String, Object> login = new java.util.HashMap<>();
        WsClient grace = WsClient.loginSince(n5.webSocket(), "grace", Map.of(), login);
        clients.add(grace);
        @SuppressWarnings("unchecked")
        Map<String, Object> position = ((Map<String, Map<String, Object>>) login.get("streams")).get("user:grace");
        assertThat(api.push("grace", "g-1", 1)).isEqualTo(1);
        assertThat(grace.nextPush()).containsEntry("id", "g-1").containsEntry("seq", 1);

        n5.kill();
        // Every push the API answered 200 is in Redis before the answer, whether or not grace got it.
        for (int n = 2; n <= 6; n++) {
            api.push("grace", "g-" + n, n);
        }
        assertThat(grace.awaitEnd()).isNotNull();
        Map<String, Object> recovered = new java.util.HashMap<>();
        WsClient back = WsClient.loginSince(n2.webSocket(), "grace",
                Map.of("user:grace", Map.of("epoch", position.get("epoch"), "seq", 1)), recovered);
        clients.add(back);

        assertThat(recovered).containsEntry("recovered", true);
        for (int n = 2; n <= 6; n++) {
            assertThat(back.nextPush()).as("push %d", n).containsEntry("id", "g-" + n).containsEntry("seq", n);
        }
    }

    @Test
    @Order(7)
    void aNodeStoppedWithSigtermDrainsItsClientsOverTheDrainPeriodAndTheyLoseNothingElsewhere() throws Exception {
        NodeProcess n6 = NodeProcess.startClusterNode("n6", redis.uri(), CLUSTER_SECRET,
                "--node-ttl", NODE_TTL.toMillis() + "ms", "--relay-timeout", RELAY_TIMEOUT.toMillis() + "ms",
                "--drain-period", "2s");
        nodes.add(n6);
        ApiClient api = ApiClient.of(n1);
        List<String> users = List.of("hana", "ivan", "jude", "kemal");
        List<WsClient> onN6 = new ArrayList<>();
        List<Object> epochs = new ArrayList<>();
        for (String uid : users) {
            Map<String, Object> login = new java.util.HashMap<>();
            WsClient client = WsClient.loginSince(n6.webSocket(), uid, Map.of(), login);
            clients.add(client);
            onN6.add(client);
            @SuppressWarnings("unchecked")
            Map<String, Object> position = ((Map<String, Map<String, Object>>) login.get("streams"))
                    .get("user:" + uid);
            epochs.add(position.get("epoch"));
            assertThat(api.push(uid, uid + "-1", 1)).isEqualTo(1);
            assertThat(client.nextPush()).containsEntry("id", uid + "-1").containsEntry("seq", 1);
        }

        List<Long> endings = new CopyOnWriteArrayList<>();
        onN6.forEach(client -> client.end().thenRun(() -> endings.add(System.nanoTime())));
        n6.stopAsync(); // SIGTERM
        // The node keeps its API port while its clients leave, and says it is draining there.
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://" + n6.apiAddress() + "/healthz"))
                .timeout(Duration.ofSeconds(2)).build();
        Eventually.assertBefore(System.nanoTime() + Duration.ofSeconds(2).toNanos(), "n6 says it drains", () -> {
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.body()).contains("\"status\":\"draining\"");
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        for (WsClient client : onN6) {
            assertThat(client.awaitEnd()).isEqualTo("close 1001");
        }
        assertThat(Duration.ofNanos(Collections.max(endings) - Collections.min(endings)))
                .as("the clients leave spread over the drain period").isGreaterThan(Duration.ofMillis(500));
        assertThat(n6.awaitExitCode()).as("n6 exits on its own once drained").isZero();
        assertThat(n6.output()).contains("Node n6 drains: no new clients", "with 1001 over PT2S");

        for (int i = 0; i < users.size(); i++) {
            String uid = users.get(i);
            assertThat(api.push(uid, uid + "-2", 2)).as("nobody holds %s now", uid).isZero();
            Map<String, Object> recovered = new java.util.HashMap<>();
            WsClient back = WsClient.loginSince(n2.webSocket(), uid,
                    Map.of("user:" + uid, Map.of("epoch", epochs.get(i), "seq", 1)), recovered);
            clients.add(back);
            assertThat(recovered).containsEntry("recovered", true);
            assertThat(back.nextPush()).containsEntry("id", uid + "-2").containsEntry("seq", 2);
        }
    }

    /** Sends a signal that {@link Process} has no method for ({@code STOP}, {@code CONT}) with kill(1). */
    private static void signal(NodeProcess node, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid()))
                    .redirectErrorStream(true).start();
            assertThat(kill.waitFor(5, TimeUnit.SECONDS)).as("kill -%s ended", signal).isTrue();
            assertThat(kill.exitValue()).as("kill -%s %s", signal, node).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending " + signal, e);
        }
    }
}
