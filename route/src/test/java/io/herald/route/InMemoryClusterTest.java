package io.herald.route;

import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryClusterTest {

    private final LocalNode node = new CountingNode();

    @Test
    void nodesListsOnlyThisNodeWithItsConnections() {
        try (Cluster cluster = InMemoryCluster.factory(ClusterConfig.builder().build()).create(node, null)) {
            assertThat(cluster.nodes().toCompletableFuture().join())
                    .containsExactly(new NodeInfo("n1", "127.0.0.1:8081", 7));
        }
    }

    @Test
    void routerKeepsTheClustersRegistryInStep() {
        try (Cluster cluster = new InMemoryCluster(node, ClusterConfig.builder().build())) {
            cluster.router().join("room1", "alice").toCompletableFuture().join();

            assertThat(cluster.routes().groups("alice").toCompletableFuture().join()).containsExactly("room1");
        }
    }

    @Test
    void deduplicatorUsesTheWindow() {
        try (Cluster cluster = new InMemoryCluster(node, ClusterConfig.builder().build())) {
            assertThat(cluster.deduplicator().firstSeen("m-1").toCompletableFuture().join()).isTrue();
            assertThat(cluster.deduplicator().firstSeen("m-1").toCompletableFuture().join()).isFalse();
        }
    }

    private static final class CountingNode implements LocalNode {
        @Override
        public String id() {
            return "n1";
        }

        @Override
        public String address() {
            return "127.0.0.1:8081";
        }

        @Override
        public int connectionCount() {
            return 7;
        }

        @Override
        public List<ConnectionRoute> localRoutes() {
            return List.of();
        }

        @Override
        public Collection<String> localUsers() {
            return List.of();
        }

        @Override
        public CompletionStage<Delivered> deliverToUsers(java.util.Map<String, Delivery> byUser) {
            return CompletableFuture.completedFuture(Delivered.NONE);
        }

        @Override
        public CompletionStage<Delivered> deliverToConnection(String conn, Delivery delivery) {
            return CompletableFuture.completedFuture(Delivered.NONE);
        }

        @Override
        public CompletionStage<Delivered> deliverToGroup(String group, Delivery delivery) {
            return CompletableFuture.completedFuture(Delivered.NONE);
        }

        @Override
        public CompletionStage<Delivered> deliverToAll(Delivery delivery) {
            return CompletableFuture.completedFuture(Delivered.NONE);
        }

        @Override
        public CompletionStage<Void> joinLocal(String group, String uid) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void leaveLocal(String group, String uid) {
        }

        @Override
        public int kickUser(String uid) {
            return 0;
        }

        @Override
        public int kickConnection(String conn) {
            return 0;
        }

        @Override
        public int replaceConnection(String conn) {
            return 0;
        }
    }
}
