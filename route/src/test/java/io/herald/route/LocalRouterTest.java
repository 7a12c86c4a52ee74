package io.herald.route;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRouterTest {

    private final List<String> calls = new ArrayList<>();
    private final RecordingNode node = new RecordingNode(calls);
    private final GatedRegistry registry = new GatedRegistry(calls);
    private final LocalRouter router = new LocalRouter(node, registry);
    private final ByteBuf frame = Unpooled.copiedBuffer("{\"cmd\":\"push\"}", StandardCharsets.UTF_8);

    @AfterEach
    void releaseFrame() {
        assertThat(frame.refCnt()).isEqualTo(1);
        frame.release();
    }

    @Test
    void joinWritesTheRegistryBeforeTheNode() {
        CompletionStage<Boolean> joined = router.join("room1", "alice");

        assertThat(calls).containsExactly("registry join room1 alice");
        assertThat(joined.toCompletableFuture()).isNotDone();

        registry.pending.complete(true);

        assertThat(calls).containsExactly("registry join room1 alice", "node join room1 alice");
        assertThat(joined.toCompletableFuture().join()).isTrue();
    }

    @Test
    void aJoinIsAnsweredOnlyOnceTheNodesConnectionsHaveTheirPlaces() {
        node.joined = new CompletableFuture<>();
        CompletionStage<Boolean> joined = router.join("room1", "alice");
        registry.pending.complete(true);

        assertThat(calls).containsExactly("registry join room1 alice", "node join room1 alice");
        assertThat(joined.toCompletableFuture()).isNotDone();
        node.joined.complete(null);
        assertThat(joined.toCompletableFuture().join()).isTrue();
    }

    @Test
    void leaveWritesTheRegistryBeforeTheNode() {
        CompletionStage<Boolean> left = router.leave("room1", "alice");

        assertThat(calls).containsExactly("registry leave room1 alice");
        registry.pending.complete(false);

        assertThat(calls).containsExactly("registry leave room1 alice", "node leave room1 alice");
        assertThat(left.toCompletableFuture().join()).isFalse();
    }

    @Test
    void aFailedRegistryWriteLeavesTheNodeAlone() {
        CompletionStage<Boolean> joined = router.join("room1", "alice");
        registry.pending.completeExceptionally(new IllegalStateException("registry down"));

        assertThat(calls).containsExactly("registry join room1 alice");
        assertThat(joined.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void joinWithTheInMemoryRegistryKeepsBothInStep() {
        InMemoryRouteRegistry routes = new InMemoryRouteRegistry();
        LocalRouter inMemory = new LocalRouter(node, routes);

        assertThat(inMemory.join("room1", "alice").toCompletableFuture().join()).isTrue();
        assertThat(inMemory.join("room1", "alice").toCompletableFuture().join()).isFalse();

        assertThat(routes.groups("alice").toCompletableFuture().join()).containsExactly("room1");
        assertThat(calls).containsExactly("node join room1 alice", "node join room1 alice");
    }

    @Test
    void pushesAreLocalDeliveriesWithTheirCounts() {
        Map<String, Delivery> users = new LinkedHashMap<>();
        users.put("alice", push());
        users.put("bob", push());
        assertThat(router.pushToUsers(users).toCompletableFuture().join().written()).isEqualTo(2);
        assertThat(router.pushToConnection("c-1", push()).toCompletableFuture().join().written()).isEqualTo(1);
        assertThat(router.pushToGroup("room1", push()).toCompletableFuture().join().written()).isEqualTo(3);
        assertThat(router.pushToAll(push()).toCompletableFuture().join().written()).isEqualTo(4);

        assertThat(calls).containsExactly("node users [alice, bob]", "node conn c-1", "node group room1", "node all");
        assertThat(node.frames).containsOnly(frame);
    }

    private Delivery push() {
        return new Delivery("m-1", null, null, frame, Delivery.Acks.NONE);
    }

    @Test
    void aPushCompletesOnlyWhenTheNodeHasWrittenIt() {
        node.gate = new CompletableFuture<>();

        CompletableFuture<Delivered> pushed = router.pushToGroup("room1", push()).toCompletableFuture();

        assertThat(pushed).isNotDone();
        node.gate.complete(new Delivered(2, 0));
        assertThat(pushed.join().written()).isEqualTo(2);
    }

    @Test
    void kicksAreLocal() {
        assertThat(router.kickUser("alice").toCompletableFuture().join()).isEqualTo(2);
        assertThat(router.kickConnection("c-1").toCompletableFuture().join()).isEqualTo(1);

        assertThat(calls).containsExactly("node kick alice", "node kick conn c-1");
    }

    /** Records what the router asked of it; answers fixed counts. */
    private static final class RecordingNode implements LocalNode {
        final List<String> calls;
        final List<ByteBuf> frames = new ArrayList<>();
        CompletableFuture<Delivered> gate;
        /** What joinLocal returns, completed by the test; at once where none is set. */
        CompletableFuture<Void> joined;

        RecordingNode(List<String> calls) {
            this.calls = calls;
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
        public String id() {
            return "n1";
        }

        @Override
        public String address() {
            return "127.0.0.1:8081";
        }

        @Override
        public int connectionCount() {
            return 0;
        }

        @Override
        public CompletionStage<Delivered> deliverToUsers(Map<String, Delivery> byUser) {
            calls.add("node users " + List.copyOf(byUser.keySet()));
            byUser.values().forEach(d -> frames.add(d.frame()));
            return written(byUser.size());
        }

        @Override
        public CompletionStage<Delivered> deliverToConnection(String conn, Delivery delivery) {
            calls.add("node conn " + conn);
            frames.add(delivery.frame());
            return written(1);
        }

        @Override
        public CompletionStage<Delivered> deliverToGroup(String group, Delivery delivery) {
            calls.add("node group " + group);
            frames.add(delivery.frame());
            return written(3);
        }

        @Override
        public CompletionStage<Delivered> deliverToAll(Delivery delivery) {
            calls.add("node all");
            frames.add(delivery.frame());
            return written(4);
        }

        /** The next delivery's stage, completed by the test, or at once with {@code n} when none is gated. */
        private CompletionStage<Delivered> written(int n) {
            return gate == null ? CompletableFuture.completedFuture(new Delivered(n, 0)) : gate;
        }

        @Override
        public CompletionStage<Void> joinLocal(String group, String uid) {
            calls.add("node join " + group + " " + uid);
            return joined == null ? CompletableFuture.completedFuture(null) : joined;
        }

        @Override
        public void leaveLocal(String group, String uid) {
            calls.add("node leave " + group + " " + uid);
        }

        @Override
        public int kickUser(String uid) {
            calls.add("node kick " + uid);
            return 2;
        }

        @Override
        public int kickConnection(String conn) {
            calls.add("node kick conn " + conn);
            return 1;
        }

        @Override
        public int replaceConnection(String conn) {
            calls.add("node replace conn " + conn);
            return 1;
        }
    }

    /** A registry whose group writes complete only when the test says so, like a remote one. */
    private static final class GatedRegistry implements RouteRegistry {
        final List<String> calls;
        final CompletableFuture<Boolean> pending = new CompletableFuture<>();

        GatedRegistry(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public CompletionStage<Boolean> join(String group, String uid) {
            calls.add("registry join " + group + " " + uid);
            return pending;
        }

        @Override
        public CompletionStage<Boolean> leave(String group, String uid) {
            calls.add("registry leave " + group + " " + uid);
            return pending;
        }

        @Override
        public CompletionStage<Void> add(ConnectionRoute route) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Registration> add(ConnectionRoute route, ConnectionLimit limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Boolean> remove(ConnectionRoute route) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<List<ConnectionRoute>> connections(String uid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Set<String>> groups(String uid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<List<String>> onlineMembers(String group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> addAll(List<ConnectionRoute> routes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> refresh(Collection<String> uids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> retryRemovals() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Map<String, List<ConnectionRoute>>> connections(Collection<String> uids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Map<String, Set<String>>> groups(Collection<String> uids) {
            throw new UnsupportedOperationException();
        }
    }
}
