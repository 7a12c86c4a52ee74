package io.herald.gateway.cluster;

import io.herald.gateway.ApiClient;
import io.herald.gateway.Scrape;
import io.herald.gateway.WsClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.herald.gateway.cluster.ClusterNodes.connectionIds;
import static io.herald.gateway.cluster.ClusterNodes.connections;
import static io.herald.gateway.cluster.ClusterNodes.liveNodes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped and started again under two running nodes: while it is down each node keeps serving its own
 * connections (logins, local pushes) and says so on {@code /healthz} (503, degraded, with the reason); once it
 * is back, empty, each node registers itself and every connection it holds again, without a restart, and
 * pushes cross nodes again.
 */
class RedisOutageIT extends TwoNodesOnRedis {


    @Test
    void aNodeServesItsOwnConnectionsWhileRedisIsDownAndRegistersThemAgainWhenItReturns() {
        WsClient alice = n1.login("alice", "web");
        WsClient bob = n2.login("bob");
        assertHealthy(n1);

        redis.stop();

        awaitDegraded(n1);
        awaitDegraded(n2);
        assertThat(Scrape.samples(n1.address(), Optional.empty()).get("herald_redis_failures_total"))
                .as("calls to Redis that failed, on /metrics").isPositive();
        WsClient carol = assertServingItsOwnConnections(alice, bob);

        redis.start();

        awaitHealthy(n1);
        awaitHealthy(n2);
        // Redis came back empty: each node put back itself and every connection it holds, carol's included.
        Eventually.until("alice, bob and carol registered again", () -> List.of(
                        connectionIds(n2.api(), "alice"), connectionIds(n2.api(), "carol"),
                        connectionIds(n1.api(), "bob")),
                ids -> ids.equals(List.of(Set.of(alice.conn()), Set.of(carol.conn()), Set.of(bob.conn()))));
        assertThat(connections(n2.api(), "alice")).containsExactly(
                Map.of("conn", alice.conn(), "node", "n1", "device", "web"));
        assertThat(liveNodes(n1.api())).containsOnlyKeys("n1", "n2");
        assertThat(n2.api().push(Map.of("uids", List.of("alice", "carol"), "id", "up-1", "data", 6))
                .data("delivered")).isEqualTo(2);
        assertThat(alice.nextPush()).containsEntry("id", "up-1");
        assertThat(carol.nextPush()).containsEntry("id", "up-1");
        assertThat(n1.api().push(Map.of("uid", "bob", "id", "up-2", "data", 7)).data("delivered")).isEqualTo(1);
        assertThat(bob.nextPush()).containsEntry("id", "up-2");
        cluster.assertNothingMoreFor(alice, bob, carol);
    }

    /**
     * With Redis down, n1 (holding alice) still takes pushes with and without an id, a new login (carol's, which
     * it returns), pushes to her connection and a broadcast; a push to bob on n2 answers at once.
     */
    private WsClient assertServingItsOwnConnections(WsClient alice, WsClient bob) {
        assertThat(n1.api().push(Map.of("uid", "alice", "id", "down-1", "data", 1)).data("delivered")).isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "down-1");
        assertThat(n1.api().push(Map.of("uid", "alice", "data", 2)).data("delivered")).isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("data", 2);
        WsClient carol = n1.login("carol");
        assertThat(n1.api().push(Map.of("conn", carol.conn(), "id", "down-2", "data", 3)).data("delivered"))
                .isEqualTo(1);
        assertThat(carol.nextPush()).containsEntry("id", "down-2");
        // A broadcast needs no registry: it goes to the nodes this one knew alive before Redis went away.
        assertThat(n1.api().broadcast(Map.of("id", "down-3", "data", 4)).data("delivered")).isEqualTo(3);
        for (WsClient client : List.of(alice, carol, bob)) {
            assertThat(client.nextPush()).containsEntry("id", "down-3");
        }
        // A push to a user elsewhere needs the registry: it answers at once, with what it could do here.
        assertThat(n1.api().push(Map.of("uid", "bob", "data", 5)).data("delivered")).isEqualTo(0);
        return carol;
    }

    @Test
    void aConnectionClosedWhileRedisIsDownIsGoneFromTheClusterOnceRedisIsBack() {
        WsClient alice = n1.login("alice");
        WsClient aliceToo = n1.login("alice");

        redis.stop();
        awaitDegraded(n1);
        alice.close();
        assertThat(alice.awaitClose()).isEqualTo(1000);
        Eventually.until("n1 holding one connection", () -> n1.api().get("/healthz").data("connections"),
                connections -> connections.equals(1));
        redis.start();

        awaitHealthy(n1);
        Eventually.until("only the open connection registered", () -> connectionIds(n2.api(), "alice"),
                ids -> ids.equals(Set.of(aliceToo.conn())));
        assertThat(n2.api().push(Map.of("uid", "alice", "id", "after", "data", 1)).data("delivered")).isEqualTo(1);
        assertThat(aliceToo.nextPush()).containsEntry("id", "after");
    }

    @Test
    void aRedisThatRestartsEmptyBetweenTwoHeartbeatsLosesNoRoute() {
        WsClient alice = n1.login("alice");
        WsClient bob = n2.login("bob");

        // Back at once: a node may well not have seen a single failed call in between.
        redis.stop();
        redis.start();

        Eventually.until("alice and bob registered again", () -> List.of(
                        connectionIds(n2.api(), "alice"), connectionIds(n1.api(), "bob")),
                ids -> ids.equals(List.of(Set.of(alice.conn()), Set.of(bob.conn()))));
        assertThat(liveNodes(n2.api())).containsOnlyKeys("n1", "n2");
        assertThat(n2.api().push(Map.of("uid", "alice", "id", "across-1", "data", 1)).data("delivered")).isEqualTo(1);
        assertThat(n1.api().push(Map.of("uid", "bob", "id", "across-2", "data", 2)).data("delivered")).isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "across-1");
        assertThat(bob.nextPush()).containsEntry("id", "across-2");
    }

    @Test
    void whileRedisIsDownPushesGoOutWithoutASeqAndSaySoAndStreamsStartAnewWhenItReturnsEmpty() {
        WsClient alice = n1.connect();
        Map<String, Object> login = alice.loginSince("alice", ClusterNode.token("alice"), Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> before = ((Map<String, Map<String, Object>>) login.get("streams")).get("user:alice");
        assertThat(n1.api().push(Map.of("uid", "alice", "id", "up", "data", 0)).data("seq")).isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("seq", 1);

        try (LogCapture log = LogCapture.of(io.herald.gateway.api.Publisher.class)) {
            redis.stop();
            awaitDegraded(n1);
            for (int n = 1; n <= 3; n++) {
                ApiClient.Reply down = n1.api().push(Map.of("uid", "alice", "id", "down-" + n, "data", n,
                        "ttl", "1h"));
                assertThat(down.data()).as("delivered, not durable").isEqualTo(Map.of("id", "down-" + n,
                        "delivered", 1, "stored", 0));
                assertThat(alice.nextPush()).isEqualTo(Map.of("cmd", "push", "id", "down-" + n, "data", n));
            }
            assertThat(log.warnings()).as("said once per outage").hasSize(1).first().asString()
                    .contains("stream store cannot be reached");
        }

        redis.start();
        awaitHealthy(n1);
        ApiClient.Reply back = n1.api().push(Map.of("uid", "alice", "id", "back", "data", 4));

        assertThat(back.data("seq")).as("Redis came back empty: the stream starts again").isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "back").containsEntry("seq", 1);
        WsClient again = n2.track(WsClient.connect(n2.websocketUri()));
        Map<String, Object> data = again.loginSince("alice", ClusterNode.token("alice"),
                Map.of("user:alice", Map.of("epoch", before.get("epoch"), "seq", 1)));
        assertThat(data).as("the old epoch is not trusted").containsEntry("recovered", false)
                .containsEntry("lost", List.of("user:alice"));
    }

    private static void awaitDegraded(ClusterNode node) {
        for (ApiClient port : List.of(node.clientPort(), node.api())) {
            ApiClient.Reply reply = Eventually.until(node + " degraded", () -> port.get("/healthz"),
                    health -> health.status() == 503);
            assertThat(reply.code()).isEqualTo(503);
            assertThat(reply.data()).containsEntry("status", "degraded").containsEntry("node", node.id());
            assertThat((String) reply.data("reason")).startsWith("redis unavailable: ");
            assertThat(reply.msg()).isEqualTo("degraded: " + reply.data("reason"));
        }
    }

    private static void awaitHealthy(ClusterNode node) {
        Eventually.until(node + " healthy", () -> node.clientPort().get("/healthz"), health -> health.status() == 200);
        assertHealthy(node);
    }

    private static void assertHealthy(ClusterNode node) {
        for (ApiClient port : List.of(node.clientPort(), node.api())) {
            assertThat(port.get("/healthz").expect(200).data()).containsEntry("status", "ok");
        }
    }
}
