package io.herald.gateway.cluster;

import io.herald.gateway.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.herald.gateway.cluster.ClusterNodes.connectionIds;
import static io.herald.gateway.cluster.ClusterNodes.liveNodes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that shuts down cleanly: its clients are told to go elsewhere (1001), it leaves the cluster, and it
 * takes its connections' routes out of Redis instead of leaving them to expire; a client that reconnects to
 * another node is reachable at once.
 */
class NodeShutdownIT extends TwoNodesOnRedis {

    /** Enough connections that some are still being torn down when the node would leave the cluster. */
    private static final int CONNECTIONS = 30;

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
    void aNodeThatStopsTakesItsRoutesAlongAndItsClientsAreReachableElsewhereAtOnce() {
        List<WsClient> alices = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            alices.add(n1.login("alice"));
        }
        WsClient bob = n2.login("bob");
        assertThat(registry.routes("alice")).hasSize(CONNECTIONS);

        cluster.stop(n1);

        for (WsClient alice : alices) {
            assertThat(alice.awaitClose()).isEqualTo(1001);
        }
        assertThat(registry.routes("alice")).as("alice's routes in Redis").isEmpty();
        Eventually.until("n1 gone", () -> liveNodes(n2.api()).keySet(), ids -> ids.equals(Set.of("n2")));

        WsClient back = n2.login("alice");

        assertThat(connectionIds(n2.api(), "alice")).isEqualTo(Set.of(back.conn()));
        assertThat(n2.api().push(Map.of("uid", "alice", "id", "moved", "data", 1)).data("delivered")).isEqualTo(1);
        assertThat(back.nextPush()).containsEntry("id", "moved");
        cluster.assertNothingMoreFor(bob);
    }
}
