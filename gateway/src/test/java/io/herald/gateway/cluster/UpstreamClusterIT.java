package io.herald.gateway.cluster;

import io.herald.gateway.WsClient;
import io.herald.gateway.upstream.UpstreamConfig;
import io.herald.route.testing.RedisProcess;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pushes an upstream's answer lists go through the cluster as API pushes do: relayed to the node that holds
 * their target, on the cluster's streams, deduplicated by id across nodes.
 */
class UpstreamClusterIT {

    private static RedisProcess redis;

    private TestHttpServer upstream;
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

    @BeforeEach
    void start() throws InterruptedException {
        upstream = new TestHttpServer(request -> new Answer.Http(200, "{\"msg\":\"sent\",\"push\":["
                + "{\"uid\":\"bob\",\"id\":\"p-1\",\"data\":\"hi bob\"},"
                + "{\"group\":\"room1\",\"id\":\"p-2\",\"data\":\"hi room\"}]}"));
        UpstreamConfig forwarding = UpstreamConfig.builder()
                .upstream(URI.create("http://" + upstream.address() + "/messages")).build();
        cluster = new ClusterNodes(redis.uri());
        n1 = cluster.start("n1", settings -> settings.upstream(forwarding));
        n2 = cluster.start("n2", settings -> settings.upstream(forwarding));
        cluster.mesh();
    }

    @AfterEach
    void stop() {
        cluster.close();
        upstream.close();
    }

    @Test
    void theAnswersPushesReachUsersOnAnotherNodeOnceAcrossTheCluster() {
        WsClient alice = n1.login("alice");
        WsClient bob = n2.login("bob");
        WsClient carol = n2.login("carol");
        WsClient dave = n2.login("dave");
        ClusterNodes.join(n1.api(), "room1", "carol");

        assertThat(alice.request(Map.of("id", "c1", "cmd", "chat.send"))).containsEntry("code", 200)
                .containsEntry("msg", "sent");

        assertThat(bob.nextPush()).isEqualTo(Map.of("cmd", "push", "id", "p-1", "stream", "user:bob", "seq", 1,
                "data", "hi bob"));
        assertThat(carol.nextPush()).isEqualTo(Map.of("cmd", "push", "id", "p-2", "stream", "group:room1",
                "seq", 1, "group", "room1", "data", "hi room"));

        // The same answer to a command on the other node: its push ids were seen cluster-wide.
        assertThat(dave.request(Map.of("id", "c2", "cmd", "chat.send"))).containsEntry("code", 200);
        cluster.assertNothingMoreFor(alice, bob, carol, dave);
    }
}
