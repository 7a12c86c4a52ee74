package io.herald.gateway.cluster;

import io.herald.gateway.ApiClient;
import io.herald.gateway.WsClient;
import io.herald.route.cluster.SharedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.herald.gateway.cluster.ClusterNodes.RELAY_TIMEOUT;
import static io.herald.gateway.cluster.ClusterNodes.connections;
import static io.herald.gateway.cluster.ClusterNodes.liveNodes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relay targets that fail: one that accepts and never answers costs a call the relay timeout and no more,
 * the call still answers with what the other nodes delivered, and the failure is counted every time but
 * logged once; one that refuses connections costs nothing and is dropped from the cluster with its routes.
 * The failing targets are written into Redis by the test, beside two real nodes.
 */
class SlowRelayIT extends TwoNodesOnRedis {

    /** Long enough for the test: the fake nodes renew nothing. */
    private static final Duration FAKE_NODE_LIFE = Duration.ofMinutes(1);

    private RegistryWriter registry;

    @BeforeEach
    void startMore() {
        registry = new RegistryWriter(redis.uri(), cluster.keyPrefix());
    }

    @AfterEach
    void stopMore() {
        registry.close();
    }

    @Test
    void aTargetThatNeverAnswersCostsTheRelayTimeoutAndIsCountedEachTimeButLoggedOnce() {
        try (SilentNode mute = SilentNode.open(); LogCapture log = LogCapture.of(SharedCluster.class)) {
            registry.registerNode("mute", mute.address(), FAKE_NODE_LIFE);
            registry.addRoute("carol", "mute:0000:1", "mute");
            // Reading the live nodes refreshes n1's view at once, as its next heartbeat would.
            assertThat(liveNodes(n1.api())).containsOnlyKeys("n1", "n2", "mute");
            WsClient alice = n2.login("alice");
            long failures = n1.cluster().relayFailures();

            ApiClient.Reply both = timed(() -> n1.api().push(
                    Map.of("uids", List.of("alice", "carol"), "id", "slow-1", "data", 1)));

            assertThat(both.data()).containsAllEntriesOf(Map.of("id", "slow-1", "delivered", 1));
            assertThat(alice.nextPush()).containsEntry("id", "slow-1");
            mute.awaitConnection();
            assertThat(n1.cluster().relayFailures()).isEqualTo(failures + 1);

            ApiClient.Reply carolOnly = timed(() -> n1.api().push(Map.of("uid", "carol", "id", "slow-2", "data", 2)));
            ApiClient.Reply kick = timed(() -> n1.api().post("/api/kick", Map.of("uid", "carol")).expect(200));

            assertThat(carolOnly.data("delivered")).isEqualTo(0);
            assertThat(kick.data("closed")).isEqualTo(0);
            assertThat(n1.cluster().relayFailures()).isEqualTo(failures + 3);
            assertThat(log.warnings()).filteredOn(warning -> warning.contains(mute.address())).hasSize(1)
                    .allMatch(warning -> warning.startsWith("Relay to " + mute.address() + " failed"));
            // Timing out is no reason to think the node dead: it may only be slow.
            assertThat(liveNodes(n2.api())).containsKey("mute");
            cluster.assertNothingMoreFor(alice);
        }
    }

    @Test
    void aTargetThatRefusesConnectionsIsDroppedWithItsRoutesAtOnce() {
        String gone = "127.0.0.1:" + closedPort();
        registry.registerNode("gone", gone, FAKE_NODE_LIFE);
        registry.addRoute("dave", "gone:0000:1", "gone");
        assertThat(liveNodes(n1.api())).containsOnlyKeys("n1", "n2", "gone");
        long failures = n1.cluster().relayFailures();

        long started = System.nanoTime();
        ApiClient.Reply reply = n1.api().push(Map.of("uid", "dave", "id", "refused", "data", 1));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without waiting for the timeout")
                .isLessThan(RELAY_TIMEOUT);
        assertThat(reply.data("delivered")).isEqualTo(0);
        assertThat(n1.cluster().relayFailures()).isEqualTo(failures + 1);
        Eventually.until("the refusing node out of the cluster", () -> liveNodes(n2.api()),
                nodes -> nodes.keySet().equals(Set.of("n1", "n2")));
        assertThat(connections(n2.api(), "dave")).isEmpty();
        assertThat(registry.routes("dave")).isEmpty();
    }

    /** Runs an API call and checks that it answered within the relay timeout and a margin. */
    private static ApiClient.Reply timed(Supplier<ApiClient.Reply> call) {
        long started = System.nanoTime();
        ApiClient.Reply reply = call.get().expect(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within the relay timeout")
                .isLessThan(RELAY_TIMEOUT.plusSeconds(1));
        return reply;
    }

    /** A port on 127.0.0.1 that refuses connections: bound by the OS's choice, then closed. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }
}
