package io.herald.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a real node in this JVM, through a TCP proxy where the test cuts or holds the connection. */
class HeraldClientIT {

    private static final AtomicInteger USERS = new AtomicInteger();

    private static TestNode node;

    private final List<AutoCloseable> closing = new ArrayList<>();

    /**
     * A heartbeat every second: JDK 17's WebSocket misses, about once in 200 cuts, a reset that comes just as it hands
     * a message over (see {@link Connection}); the heartbeat then notices the dead connection within two seconds, as
     * it would for any connection that dies silently, and the tests wait for that rather than for the default 25 s.
     */
    @BeforeAll
    static void startNode() {
        node = TestNode.start(settings -> settings.pingInterval(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** A user of the test's own, so that its streams start at seq 1. */
    private static String user(String name) {
        return name + "-" + USERS.incrementAndGet() + "-" + System.nanoTime();
    }

    private <T extends AutoCloseable> T closing(T each) {
        closing.add(each);
        return each;
    }

    private HeraldClient client(Events events, UnaryOperator<HeraldClient.Builder> settings) {
        return closing(settings.apply(HeraldClient.newBuilder()
                .listener(events)
                .commandTimeout(Duration.ofSeconds(5))
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))).build());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class);
        return future.handle((value, failure) -> failure).join();
    }

    @Test
    void logsInReceivesAPushAndAcksIt() throws Exception {
        String uid = user("ack");
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uri(node.websocketUri()).uid(uid).token(TestNode.token(uid))
                .device("test"));

        assertThat(await(client.connect())).isSameAs(client);
        Session session = client.session();
        assertThat(session.recovered()).isTrue();
        assertThat(session.heartbeat()).isPositive();
        assertThat(session.node()).isEqualTo(node.nodeId());
        assertThat(client.state()).isEqualTo(HeraldClient.State.CONNECTED);
        assertThat(client.positions()).containsKeys("user:" + uid, "all");
        assertThat(client.positions().get("user:" + uid).seq()).isZero();

        Map<String, Object> answer = node.api().post("/api/push", Map.of("uid", uid, "id", uid + ":m-1",
                "data", Map.of("n", 1), "await", "ack", "timeout", "5s"));

        assertThat(answer).containsEntry("delivered", 1).containsEntry("seq", 1).containsEntry("acked", 1);
        assertThat(events.awaitPushes(1)).containsExactly(new Push(uid + ":m-1", "user:" + uid, 1, null, "{\"n\":1}"));
        assertThat(client.positions().get("user:" + uid).seq()).isEqualTo(1);
        assertThat(events.kinds()).containsExactly("connected");
        assertThat(events.threadNames()).containsExactly("herald-client-" + uid);
    }

    @Test
    void aClientBuiltWithSavedPositionsRecoversWhatWasPushedSince() throws Exception {
        String uid = user("saved");
        Events first = new Events();
        HeraldClient before = client(first, b -> b.uri(node.websocketUri()).uid(uid).token(TestNode.token(uid)));
        await(before.connect());
        node.api().push(uid, uid + ":s-1", 1);
        first.awaitPushes(1);
        before.close();
        Map<String, Position> saved = before.positions();
        node.api().push(uid, uid + ":s-2", 2);
        node.api().push(uid, uid + ":s-3", 3);

        Events second = new Events();
        HeraldClient after = client(second, b -> b.uri(node.websocketUri()).uid(uid).token(TestNode.token(uid))
                .since(saved));
        await(after.connect());

        assertThat(second.<Set<String>>await("recovered", 1)).containsExactly("all", "user:" + uid);
        assertThat(second.awaitPushes(2)).extracting(Push::id).containsExactly(uid + ":s-2", uid + ":s-3");
        assertThat(after.positions().get("user:" + uid).seq()).isEqualTo(3);
    }

    @Test
    void aListenerThatThrowsHasItsExceptionReportedAndThePushIsAckedAllTheSame() throws Exception {
        String uid = user("throws");
        RuntimeException thrown = new IllegalStateException("the application failed");
        Events events = new Events() {
            @Override
            public void onPush(HeraldClient client, Push push) {
                super.onPush(client, push);
                throw thrown;
            }
        };
        HeraldClient client = client(events, b -> b.uri(node.websocketUri()).uid(uid).token(TestNode.token(uid)));
        await(client.connect());

        Map<String, Object> answer = node.api().post("/api/push", Map.of("uid", uid, "id", uid + ":m-1",
                "data", 1, "await", "ack", "timeout", "5s"));

        assertThat(answer).containsEntry("acked", 1);
        assertThat(events.<Throwable>await("error", 1)).isSameAs(thrown);
        assertThat(client.state()).isEqualTo(HeraldClient.State.CONNECTED);
    }

    @Test
    void theTokenSupplierIsAskedAtLoginAndAgainBeforeTheTokenExpiresWhichKeepsTheConnection() throws Exception {
        String uid = user("refresh");
        Events events = new Events();
        List<String> given = new ArrayList<>();
        HeraldClient client = client(events, b -> b.uri(node.websocketUri()).uid(uid)
                .tokenSupplier(() -> {
                    String token = TestNode.token(uid, Duration.ofSeconds(4));
                    synchronized (given) {
                        given.add(token);
                        given.notifyAll();
                    }
                    return token;
                })
                .refreshBeforeExpiry(Duration.ofSeconds(2)));
        await(client.connect());
        long firstExpiry = Tokens.expiry(new Json(), given.get(0)).orElseThrow();

        // The first token expires 3 to 4 s from its minting (exp is in whole seconds), and is refreshed 2 s before.
        synchronized (given) {
            long deadline = System.nanoTime() + Events.WAIT.toNanos();
            while (given.size() < 2 && System.nanoTime() < deadline) {
                given.wait(1000);
            }
        }
        assertThat(given).hasSize(2);
        OptionalLong secondExpiry = Tokens.expiry(new Json(), given.get(1));
        assertThat(secondExpiry.orElseThrow()).isGreaterThanOrEqualTo(firstExpiry);
        // Past the first token's exp (which would close the connection 4001 unrefreshed), the connection lives on.
        Duration pastFirst = Duration.between(Instant.now(), Instant.ofEpochSecond(firstExpiry).plusMillis(700));
        events.assertNoMore("disconnected", 0, pastFirst);
        assertThat(node.api().push(uid, uid + ":after", 1)).containsEntry("delivered", 1);
        assertThat(events.awaitPushes(1)).extracting(Push::id).containsExactly(uid + ":after");
        assertThat(events.count("error")).as("errors: %s", events).isZero();
    }

    @Test
    void anAddressThatRefusesIsPassedOverForTheNextOfTheList() throws Exception {
        String uid = user("urls");
        URI refusing;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            refusing = TestNode.websocketUri(closed.getLocalPort());
        }
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uris(refusing, node.websocketUri()).uid(uid)
                .token(TestNode.token(uid)));

        assertThat(await(client.connect()).session().node()).isEqualTo(node.nodeId());
        assertThat(events.<Throwable>await("error", 1)).isInstanceOf(java.io.IOException.class);
        assertThat(events.kinds()).containsExactly("error", "connected");
    }

    @Test
    void aRefusedTokenStopsTheClientUnlessASupplierCanGiveAnother() throws Exception {
        String uid = user("refused");
        Events refused = new Events();
        HeraldClient once = client(refused, b -> b.uri(node.websocketUri()).uid(uid).token("not-a-token"));

        assertThatThrownBy(() -> await(once.connect())).hasCauseInstanceOf(HeraldException.class);
        assertThat(((ReplyException) refused.<Throwable>await("error", 1)).code()).isEqualTo(401);
        assertThat(refused.<Events.Close>await("stopped", 1).code()).isEqualTo(4001);
        assertThat(refused.kinds()).containsExactly("error", "stopped");

        AtomicInteger asked = new AtomicInteger();
        Events retried = new Events();
        HeraldClient supplied = client(retried, b -> b.uri(node.websocketUri()).uid(uid)
                .tokenSupplier(() -> asked.incrementAndGet() == 1 ? "not-a-token" : TestNode.token(uid)));

        assertThat(await(supplied.connect()).state()).isEqualTo(HeraldClient.State.CONNECTED);
        assertThat(asked).hasValue(2);
        assertThat(((ReplyException) retried.<Throwable>await("error", 1)).code()).isEqualTo(401);
        assertThat(retried.kinds()).containsExactly("error", "connected");
    }

    @Test
    void commandsCompleteWithTheirRepliesOrFailWithTheCodeATimeoutOrTheDisconnect() throws Exception {
        String uid = user("cmd");
        String room = "room-" + uid;
        TcpProxy proxy = closing(new TcpProxy(node.clientAddress()));
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uri(proxy.websocketUri()).uid(uid)
                .token(TestNode.token(uid, room)));
        await(client.connect());

        Reply joined = await(client.join(room));
        assertThat(joined.code()).isEqualTo(200);
        assertThat(joined.data()).contains("\"stream\":\"group:" + room + "\"");
        assertThat(client.positions().get("group:" + room).seq()).isZero();
        assertThat(await(client.leave(room)).code()).isEqualTo(200);
        assertThat(client.positions()).doesNotContainKey("group:" + room);

        Throwable forbidden = failure(client.join("not-in-the-token"));
        assertThat(forbidden).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) forbidden).code()).isEqualTo(403);
        Throwable unknown = failure(client.send("chat.send", "{\"text\":\"hi\"}"));
        assertThat(((ReplyException) unknown).code()).isEqualTo(404);
        assertThat(((ReplyException) unknown).reply().msg()).contains("unknown command");
        assertThatThrownBy(() -> client.send("chat.send", "{not json")).isInstanceOf(IllegalArgumentException.class);

        proxy.hold();
        assertThat(failure(client.send("chat.send", "{}", Duration.ofMillis(100))))
                .isInstanceOf(TimeoutException.class);
        CompletableFuture<Reply> cut = client.send("chat.send", "{}", Duration.ofSeconds(10));
        proxy.cut();
        assertThat(failure(cut)).isInstanceOf(DisconnectedException.class);
        assertThat(events.<Events.Close>await("disconnected", 1).code()).isEqualTo(1006);
        assertThat(failure(client.send("chat.send", "{}"))).isInstanceOf(DisconnectedException.class);
    }

    /**
     * Kicked: the client reports the close and stops, and does not come back (the API would see it online again).
     */
    @Test
    void aKickedClientStopsAndDoesNotReconnect() throws Exception {
        String uid = user("kick");
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uri(node.websocketUri()).uid(uid).token(TestNode.token(uid)));
        await(client.connect());

        assertThat(node.api().post("/api/kick", Map.of("uid", uid))).containsEntry("closed", 1);

        assertThat(events.<Events.Close>await("disconnected", 1).code()).isEqualTo(4003);
        assertThat(events.<Events.Close>await("stopped", 1).code()).isEqualTo(4003);
        assertThat(client.state()).isEqualTo(HeraldClient.State.CLOSED);
        assertThat(events.kinds()).containsExactly("connected", "disconnected", "stopped");
        assertThat(failure(client.send("chat.send", "{}"))).isInstanceOf(DisconnectedException.class);
        assertThatThrownBy(() -> await(client.connect())).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aConnectionCutUnderTheClientIsRecoveredWithEveryPushOnceInOrder() throws Exception {
        String uid = user("recover");
        TcpProxy proxy = closing(new TcpProxy(node.clientAddress()));
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uri(proxy.websocketUri()).uid(uid).token(TestNode.token(uid)));
        await(client.connect());
        node.api().push(uid, uid + ":p-1", 1);
        events.awaitPushes(1);

        proxy.cut();
        assertThat(events.<Events.Close>await("disconnected", 1).code()).isEqualTo(1006);
        for (int n = 2; n <= 6; n++) {
            // Delivered 0, or 1 where the node had not yet seen the connection go: lost on the way either way.
            assertThat(node.api().push(uid, uid + ":p-" + n, n)).containsEntry("seq", n);
        }
        proxy.restore();
        assertThat(events.<Set<String>>await("recovered", 1)).containsExactly("all", "user:" + uid);
        events.awaitPushes(6);
        node.api().push(uid, uid + ":p-7", 7);

        List<Push> pushes = events.awaitPushes(7);
        assertThat(pushes).extracting(Push::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(pushes).extracting(Push::id).containsExactly(uid + ":p-1", uid + ":p-2", uid + ":p-3",
                uid + ":p-4", uid + ":p-5", uid + ":p-6", uid + ":p-7");
        assertThat(pushes).extracting(Push::data).containsExactly("1", "2", "3", "4", "5", "6", "7");
        // Attempts refused while the proxy was cut are reported as errors, between the two logins.
        assertThat(events.kinds()).filteredOn(kind -> !kind.equals("error"))
                .containsExactly("connected", "disconnected", "connected", "recovered");
        assertThat(events.<Session>await("connected", 2).recovered()).isTrue();
        assertThat(client.positions().get("user:" + uid).seq()).isEqualTo(7);
    }

    /** The join reply's position: a group joined while connected is recovered after a drop before its first push. */
    @Test
    void aGroupJoinedWhileConnectedIsRecoveredAfterADropBeforeItsFirstPush() throws Exception {
        String uid = user("joined");
        String room = "room-" + uid;
        TcpProxy proxy = closing(new TcpProxy(node.clientAddress()));
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uri(proxy.websocketUri()).uid(uid)
                .token(TestNode.token(uid, room)));
        await(client.connect());
        assertThat(await(client.join(room)).code()).isEqualTo(200);
        assertThat(client.positions().get("group:" + room).seq()).isZero();

        proxy.cut();
        assertThat(events.<Events.Close>await("disconnected", 1).code()).isEqualTo(1006);
        for (int n = 1; n <= 2; n++) {
            assertThat(node.api().post("/api/broadcast", Map.of("group", room, "id", room + ":g-" + n, "data", n)))
                    .containsEntry("seq", n);
        }
        proxy.restore();

        assertThat(events.<Set<String>>await("recovered", 1)).contains("group:" + room);
        List<Push> pushes = events.awaitPushes(2);
        assertThat(pushes).extracting(Push::id).containsExactly(room + ":g-1", room + ":g-2");
        assertThat(pushes).extracting(Push::seq).containsExactly(1L, 2L);
        assertThat(client.positions().get("group:" + room).seq()).isEqualTo(2);
    }

    @Test
    void aPushTheNodeSendsAgainIsPassedOnOnceAndAckedOnDemand() throws Exception {
        String uid = user("dedupe");
        String id = uid + ":stored";
        TcpProxy proxy = closing(new TcpProxy(node.clientAddress()));
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uri(proxy.websocketUri()).uid(uid).token(TestNode.token(uid))
                .autoAck(false));
        await(client.connect());
        // Stored until acked: the node sends it again at every login until then.
        node.api().post("/api/push", Map.of("uid", uid, "id", id, "data", 1, "ttl", "1h"));
        events.awaitPushes(1);

        proxy.cut();
        events.await("disconnected", 1);
        proxy.restore();
        events.await("recovered", 1);
        client.ack(id);
        node.api().push(uid, uid + ":after", 2);
        events.awaitPushes(2);

        assertThat(proxy.countFromNode("\"id\":\"" + id + "\"")).as("what the node sent").isEqualTo(2);
        assertThat(events.pushes()).extracting(Push::id).containsExactly(id, uid + ":after");
        // Acked: the next login gets it no more.
        proxy.cut();
        events.await("disconnected", 2);
        proxy.restore();
        events.await("recovered", 2);
        node.api().push(uid, uid + ":last", 3);
        events.awaitPushes(3);
        assertThat(proxy.countFromNode("\"id\":\"" + id + "\"")).isEqualTo(2);
    }

    @Test
    void aStreamWhoseEpochChangedIsReportedLostAndItsPositionTakenFromTheLoginReply() throws Exception {
        String uid = user("lost");
        try (TestNode restarted = TestNode.start()) {
            TcpProxy proxy = closing(new TcpProxy(node.clientAddress()));
            Events events = new Events();
            HeraldClient client = client(events, b -> b.uri(proxy.websocketUri()).uid(uid)
                    .token(TestNode.token(uid)));
            await(client.connect());
            node.api().push(uid, uid + ":l-1", 1);
            events.awaitPushes(1);
            Position before = client.positions().get("user:" + uid);

            // As a standalone node that restarted: the same address, a stream history begun anew.
            proxy.cut();
            events.await("disconnected", 1);
            proxy.target(restarted.clientAddress());
            proxy.restore();

            assertThat(events.<Set<String>>await("lost", 1)).containsExactly("all", "user:" + uid);
            Position after = client.positions().get("user:" + uid);
            assertThat(after.epoch()).isNotEqualTo(before.epoch());
            assertThat(after.seq()).isZero();
            restarted.api().push(uid, uid + ":l-2", 2);
            assertThat(events.awaitPushes(2)).extracting(Push::seq).containsExactly(1L, 1L);
            assertThat(client.positions().get("user:" + uid)).isEqualTo(new Position(after.epoch(), 1));
            client.close();
        }
    }

    @Test
    void anUnansweredHeartbeatDropsTheConnectionAndTheClientComesBack() throws Exception {
        String uid = user("heartbeat");
        try (TestNode quick = TestNode.start(settings -> settings.pingInterval(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(30)))) {
            TcpProxy proxy = closing(new TcpProxy(quick.clientAddress()));
            Events events = new Events();
            HeraldClient client = client(events, b -> b.uri(proxy.websocketUri()).uid(uid)
                    .token(TestNode.token(uid)));
            assertThat(await(client.connect()).session().heartbeat()).isEqualTo(Duration.ofSeconds(1));

            proxy.hold();
            Events.Close close = events.await("disconnected", 1);
            assertThat(close.code()).isEqualTo(1006);
            assertThat(close.reason()).startsWith("no heartbeat reply");
            proxy.release();
            events.await("connected", 2);
            client.close();
            assertThat(events.kinds()).endsWith("connected", "recovered", "disconnected", "stopped");
        }
    }

    @Test
    void closeStopsTheClientAndReportsItOnce() throws Exception {
        String uid = user("close");
        Events events = new Events();
        HeraldClient client = client(events, b -> b.uri(node.websocketUri()).uid(uid).token(TestNode.token(uid)));
        await(client.connect());

        client.close();

        assertThat(client.state()).isEqualTo(HeraldClient.State.CLOSED);
        assertThat(events.kinds()).containsExactly("connected", "disconnected", "stopped");
        assertThat(events.<Events.Close>await("stopped", 1)).isEqualTo(new Events.Close(1000, "closed by the client"));
        client.close();
        assertThat(events.count("stopped")).isEqualTo(1);
    }
}
