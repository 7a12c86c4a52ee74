package io.herald.route.cluster;

import io.herald.codec.StreamPosition;
import io.herald.route.ConnectionRoute;
import io.herald.route.Delivery;
import io.herald.route.InMemoryNodeRegistry;
import io.herald.route.InMemoryRouteRegistry;
import io.herald.route.NodeInfo;
import io.herald.route.testing.InProcessRelay;
import io.herald.route.testing.RecordingNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster router over in-memory registries and an in-process relay: three nodes, n1 (the one routing), n2
 * and n3, whose routes and liveness the test writes itself.
 */
class RelayingRouterTest {

    private static final String FRAME = "{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":1}";

    private final AtomicLong clock = new AtomicLong(1_000);
    private final InMemoryRouteRegistry routes = new InMemoryRouteRegistry();
    private final InMemoryNodeRegistry nodes = new InMemoryNodeRegistry("n1", Duration.ofSeconds(10), clock::get);
    private final RecordingNode n1 = new RecordingNode("n1");
    private final RecordingNode n2 = new RecordingNode("n2");
    private final RecordingNode n3 = new RecordingNode("n3");
    private final InProcessRelay relay = new InProcessRelay().at("h2:2", n2).at("h3:3", n3);
    private final RelayingRouter router = new RelayingRouter(n1, routes, nodes, relay);
    private final ByteBuf frame = Unpooled.copiedBuffer(FRAME, StandardCharsets.UTF_8);

    @BeforeEach
    void nodesAreAlive() {
        alive("n1", "h1:1");
        alive("n2", "h2:2");
        alive("n3", "h3:3");
    }

    @AfterEach
    void framesAreReleased() {
        assertThat(frame.refCnt()).as("every relay released its duplicate").isEqualTo(1);
        frame.release();
    }

    @Test
    void pushToUsersDeliversLocallyAndRelaysOnceToEachNodeHoldingThem() {
        route("alice", "n1:a:1", "n1");
        route("alice", "n2:a:1", "n2");
        route("bob", "n2:a:2", "n2");
        route("carol", "n3:a:1", "n3");

        int delivered = join(router.pushToUsers(users("alice", "bob", "carol", "dave"))).written();

        assertThat(n1.calls()).containsExactly("users [alice, bob, carol, dave]");
        assertThat(n2.calls()).containsExactly("users [alice, bob]");
        assertThat(n3.calls()).containsExactly("users [carol]");
        assertThat(relay.sent()).containsExactlyInAnyOrder("h2:2 users", "h3:3 users");
        assertThat(n2.frames()).containsExactly(FRAME);
        assertThat(delivered).as("the local count plus each relay's").isEqualTo(4 + 2 + 1);
    }

    @Test
    void aPushWhoseAcceptReadItsUsersRoutesGoesByThemAndTheRegistryIsReadOnlyForTheOthers() {
        // The registry says otherwise, to show which one the router followed.
        route("alice", "n3:a:9", "n3");
        route("bob", "n2:b:1", "n2");
        Map<String, java.util.List<ConnectionRoute>> readWithTheSeq = new java.util.concurrent.ConcurrentHashMap<>(
                Map.of("user:alice@e1:7", java.util.List.of(new ConnectionRoute("alice", "n2:a:1", "n2", null))));
        RelayingRouter withAccepted = new RelayingRouter(n1, routes, nodes, relay,
                (stream, position) -> readWithTheSeq.remove(stream + "@" + position.epoch() + ":" + position.seq()));
        Map<String, Delivery> byUser = new LinkedHashMap<>();
        byUser.put("alice", onStream("user:alice", 7));
        byUser.put("bob", onStream("user:bob", 3));

        int delivered = join(withAccepted.pushToUsers(byUser)).written();

        assertThat(n2.calls()).containsExactlyInAnyOrder("users [alice]", "users [bob]");
        assertThat(n3.calls()).as("alice's registry route was not read").isEmpty();
        assertThat(readWithTheSeq).as("each snapshot serves one push").isEmpty();
        assertThat(delivered).as("the local count plus each relay's").isEqualTo(2 + 1 + 1);
    }

    @Test
    void aRouteOnADeadNodeIsNotRelayed() {
        route("alice", "n2:a:1", "n2");
        nodes.markDead("n2");

        int delivered = join(router.pushToUsers(users("alice"))).written();

        assertThat(relay.sent()).isEmpty();
        assertThat(delivered).isEqualTo(1);
    }

    @Test
    void aNodeThatExpiredStopsCountingAfterItsTtl() {
        route("alice", "n2:a:1", "n2");
        clock.addAndGet(Duration.ofSeconds(11).toMillis());
        alive("n1", "h1:1");

        join(router.pushToUsers(users("alice"))).written();

        assertThat(relay.sent()).isEmpty();
    }

    @Test
    void pushToConnectionGoesStraightToTheNodeItsIdNames() {
        assertThat(join(router.pushToConnection("n3:x:7", push())).written()).isEqualTo(1);
        assertThat(join(router.pushToConnection("n1:x:7", push())).written()).isEqualTo(1);

        assertThat(relay.sent()).containsExactly("h3:3 conn");
        assertThat(n3.calls()).containsExactly("conn n3:x:7");
        assertThat(n1.calls()).containsExactly("conn n1:x:7");
    }

    @Test
    void aConnectionOfANodeThatIsNotAliveIsLookedForOnlyHere() {
        join(router.pushToConnection("n9:x:1", push()));

        assertThat(relay.sent()).isEmpty();
        assertThat(n1.calls()).containsExactly("conn n9:x:1");
    }

    @Test
    void groupPushesAndBroadcastsGoOnceToEveryOtherLiveNodeNeverOncePerMember() {
        for (int i = 0; i < 50; i++) {
            route("u" + i, "n2:g:" + i, "n2");
        }

        int group = join(router.pushToGroup("room1", push())).written();
        int all = join(router.pushToAll(push())).written();

        assertThat(relay.sent()).containsExactlyInAnyOrder("h2:2 group", "h3:3 group", "h2:2 all", "h3:3 all");
        assertThat(group).isEqualTo(3 * 3);
        assertThat(all).isEqualTo(4 * 3);
    }

    @Test
    void aBroadcastReachesANodeListedAfterTheLastHeartbeat() {
        RecordingNode n4 = new RecordingNode("n4");
        relay.at("h4:4", n4);
        nodes.sharing("n4").heartbeat(new NodeInfo("n4", "h4:4", 0));

        join(router.pushToAll(push()));
        join(router.pushToGroup("room1", push()));

        assertThat(n4.calls()).containsExactly("all", "group room1");
    }

    @Test
    void usersWithPushesOfTheirOwnGetAnOpEachAndUsersSharingOneShareAnOp() {
        route("alice", "n2:a:1", "n2");
        route("bob", "n2:b:1", "n2");
        route("carol", "n2:c:1", "n2");
        Delivery shared = push();
        Map<String, Delivery> byUser = new LinkedHashMap<>();
        byUser.put("alice", new Delivery("m-1", "user:alice", new StreamPosition("e", 7), frame, Delivery.Acks.NONE));
        byUser.put("bob", shared);
        byUser.put("carol", shared);

        int delivered = join(router.pushToUsers(byUser)).written();

        assertThat(n2.calls()).containsExactlyInAnyOrder("users [alice]", "users [bob, carol]");
        assertThat(n2.deliveries()).extracting(Delivery::position).containsOnlyOnce(new StreamPosition("e", 7));
        assertThat(delivered).isEqualTo(3 + 1 + 2);
    }

    @Test
    void joinWritesTheRegistryThenTellsEveryNodeHoldingTheUser() {
        route("alice", "n1:a:1", "n1");
        route("alice", "n3:a:1", "n3");

        assertThat(join(router.join("room1", "alice"))).isTrue();
        assertThat(join(router.join("room1", "alice"))).as("already a member").isFalse();
        join(router.leave("room1", "alice"));

        assertThat(join(routes.groups("alice"))).isEmpty();
        assertThat(n1.calls()).containsExactly("join room1 alice", "join room1 alice", "leave room1 alice");
        assertThat(n3.calls()).containsExactly("join room1 alice", "join room1 alice", "leave room1 alice");
        assertThat(relay.sent()).containsExactly("h3:3 join", "h3:3 join", "h3:3 leave");
    }

    @Test
    void aJoinIsAnsweredOnceTheUsersConnectionsOnEveryNodeHaveTheirPlaces() {
        route("alice", "n1:a:1", "n1");
        route("alice", "n3:a:1", "n3");
        n1.gateJoins();
        n3.gateJoins();

        CompletionStage<Boolean> joined = router.join("room1", "alice");
        n3.join(0).complete(null);
        assertThat(joined.toCompletableFuture()).as("this node's connections have no place yet").isNotDone();
        n1.join(0).complete(null);

        assertThat(join(joined)).isTrue();
    }

    @Test
    void kickAddsTheLocalAndTheRemoteCounts() {
        route("alice", "n2:a:1", "n2");
        route("alice", "n3:a:1", "n3");

        assertThat(join(router.kickUser("alice"))).isEqualTo(5 + 5 + 5);
        assertThat(join(router.kickConnection("n2:a:1"))).isEqualTo(6);
        assertThat(relay.sent()).containsExactlyInAnyOrder("h2:2 kick-user", "h3:3 kick-user", "h2:2 kick-conn");
    }

    @Test
    void aRelayThatFailsCountsZeroAndTheCallStillAnswers() {
        InProcessRelay broken = new InProcessRelay();
        RelayingRouter router = new RelayingRouter(n1, routes, nodes, broken);
        route("alice", "n2:a:1", "n2");

        assertThat(join(router.pushToUsers(users("alice"))).written()).isEqualTo(1);
        assertThat(broken.sent()).containsExactly("h2:2 users");
    }

    private Delivery onStream(String stream, long seq) {
        return new Delivery("m-1", stream, new StreamPosition("e1", seq), frame, Delivery.Acks.NONE);
    }

    private Delivery push() {
        return new Delivery("m-1", null, null, frame, Delivery.Acks.NONE);
    }

    /** The users, all given the one push, as a uids push without streams is. */
    private Map<String, Delivery> users(String... uids) {
        Delivery push = push();
        Map<String, Delivery> byUser = new LinkedHashMap<>();
        for (String uid : uids) {
            byUser.put(uid, push);
        }
        return byUser;
    }

    private void alive(String id, String address) {
        nodes.sharing(id).heartbeat(new NodeInfo(id, address, 0));
        nodes.nodes();
    }

    private void route(String uid, String conn, String node) {
        join(routes.add(new ConnectionRoute(uid, conn, node, null)));
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
