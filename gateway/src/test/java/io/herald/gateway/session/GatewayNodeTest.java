package io.herald.gateway.session;

import io.herald.gateway.auth.TokenClaims;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class GatewayNodeTest {

    private static final String PUSH = "{\"cmd\":\"push\",\"id\":\"m-1\",\"seq\":1,\"data\":{}}";

    private final SessionIndex index = new SessionIndex();
    private final AtomicReference<String> address = new AtomicReference<>("127.0.0.1:0");
    private final GatewayNode node = new GatewayNode("n1", address::get, index,
            new EmbeddedChannel().eventLoop());
    private final ByteBuf frame = Unpooled.copiedBuffer(PUSH, StandardCharsets.UTF_8);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (EmbeddedChannel ch : channels) {
            assertFalse(ch.finish());
        }
        assertThat(frame.refCnt()).isEqualTo(1);
        frame.release();
    }

    @Test
    void describesItself() {
        index.add(session("alice", "c-1"));

        assertThat(node.id()).isEqualTo("n1");
        assertThat(node.connectionCount()).isEqualTo(1);
        assertThat(node.address()).isEqualTo("127.0.0.1:0");
        address.set("10.0.0.5:8081");
        assertThat(node.address()).isEqualTo("10.0.0.5:8081");
        readAll();
    }

    @Test
    void deliverToUsersCountsEveryConnectionWritten() {
        Session web = added("alice", "c-1");
        Session phone = added("alice", "c-2");
        Session bob = added("bob", "c-3");
        Session carol = added("carol", "c-4");

        assertThat(written(node.deliverToUsers(users("alice", "bob", "nobody")))).isEqualTo(3);

        assertPushed(web, phone, bob);
        assertNothingSent(carol);
    }

    @Test
    void deliverToConnectionWritesOnlyThatConnection() {
        Session web = added("alice", "c-1");
        Session phone = added("alice", "c-2");

        assertThat(written(node.deliverToConnection("c-2", push(frame)))).isEqualTo(1);
        assertThat(written(node.deliverToConnection("c-9", push(frame)))).isZero();

        assertPushed(phone);
        assertNothingSent(web);
    }

    @Test
    void deliverToGroupCountsItsMembersConnections() {
        Session web = added("alice", "c-1");
        Session phone = added("alice", "c-2");
        Session bob = added("bob", "c-3");
        Session carol = added("carol", "c-4");
        node.joinLocal("room1", "alice");
        node.joinLocal("room1", "bob");

        assertThat(written(node.deliverToGroup("room1", push(frame)))).isEqualTo(3);
        assertThat(written(node.deliverToGroup("room2", push(frame)))).isZero();

        assertPushed(web, phone, bob);
        assertNothingSent(carol);
    }

    @Test
    void leaveLocalTakesTheUserOutOfGroupDeliveries() {
        Session web = added("alice", "c-1");
        Session bob = added("bob", "c-2");
        node.joinLocal("room1", "alice");
        node.joinLocal("room1", "bob");

        node.leaveLocal("room1", "alice");

        assertThat(written(node.deliverToGroup("room1", push(frame)))).isEqualTo(1);
        assertPushed(bob);
        assertNothingSent(web);
    }

    @Test
    void deliverToAllCountsEveryLoggedInConnection() {
        Session web = added("alice", "c-1");
        Session bob = added("bob", "c-2");
        Session notLoggedIn = new Session(channel(), "c-3");

        assertThat(written(node.deliverToAll(push(frame)))).isEqualTo(2);

        assertPushed(web, bob);
        assertNothingSent(notLoggedIn);
    }

    @Test
    void closedConnectionsAreNotCounted() {
        Session open = added("alice", "c-1");
        Session closed = added("alice", "c-2");
        node.joinLocal("room1", "alice");
        closed.channel().close();

        assertThat(written(node.deliverToUsers(users("alice")))).isEqualTo(1);
        assertThat(written(node.deliverToConnection("c-2", push(frame)))).isZero();
        assertThat(written(node.deliverToGroup("room1", push(frame)))).isEqualTo(1);
        assertThat(written(node.deliverToAll(push(frame)))).isEqualTo(1);

        assertPushed(open, open, open);
        assertNothingSent(closed);
    }

    @Test
    void joinLocalIgnoresUsersWithoutSessionsHere() {
        node.joinLocal("room1", "ghost");
        Session ghost = added("ghost", "c-1");

        assertThat(written(node.deliverToGroup("room1", push(frame)))).isZero();
        assertNothingSent(ghost);
    }

    @Test
    void aDeliveryCompletesOnlyOnceTheLoopHasWrittenIt() {
        Session web = added("alice", "c-1");

        CompletableFuture<Delivered> delivered = node.deliverToUsers(users("alice")).toCompletableFuture();

        assertThat(delivered).as("the loop has not run the write yet").isNotDone();
        assertThat((Object) ((EmbeddedChannel) web.channel()).readOutbound()).isNull();
        ((EmbeddedChannel) web.channel()).runPendingTasks();
        assertThat(delivered).isCompletedWithValue(new Delivered(1, 0));
        assertPushed(web);
    }

    @Test
    void aConnectionClosedBeforeItsLoopWritesIsNotCounted() {
        Session web = added("alice", "c-1");
        Session phone = added("alice", "c-2");

        CompletionStage<Delivered> delivered = node.deliverToUsers(users("alice"));
        ((EmbeddedChannel) phone.channel()).pipeline().close(); // leaves the queued write queued

        assertThat(written(delivered)).isEqualTo(1);
        assertPushed(web);
        assertNothingSent(phone);
    }

    @Test
    void theCallerMayReleaseItsFrameAsSoonAsTheCallReturns() {
        Session web = added("alice", "c-1");
        ByteBuf own = frame.copy();

        CompletionStage<Delivered> delivered = node.deliverToConnection("c-1", push(own));
        own.release();

        assertThat(written(delivered)).isEqualTo(1);
        assertPushed(web);
    }

    @Test
    void nobodyToDeliverToCompletesAtOnce() {
        assertThat(node.deliverToAll(push(frame)).toCompletableFuture()).isCompletedWithValue(Delivered.NONE);
        assertThat(node.deliverToGroup("room1", push(frame)).toCompletableFuture()).isCompletedWithValue(Delivered.NONE);
    }

    @Test
    void kickUserClosesEachOfItsConnectionsWith4003() {
        Session web = added("alice", "c-1");
        Session phone = added("alice", "c-2");
        Session bob = added("bob", "c-3");

        assertThat(node.kickUser("alice")).isEqualTo(2);
        assertThat(node.kickUser("nobody")).isZero();

        assertClosedWith4003(web);
        assertClosedWith4003(phone);
        assertThat(bob.channel().isOpen()).isTrue();
    }

    @Test
    void kickConnectionClosesOnlyThatConnection() {
        Session web = added("alice", "c-1");
        Session phone = added("alice", "c-2");

        assertThat(node.kickConnection("c-2")).isEqualTo(1);
        assertThat(node.kickConnection("c-9")).isZero();

        assertClosedWith4003(phone);
        assertThat(web.channel().isOpen()).isTrue();
    }

    private static Delivery push(ByteBuf payload) {
        return new Delivery("m-1", null, null, payload, Delivery.Acks.NONE);
    }

    /** The users, all given the one push. */
    private Map<String, Delivery> users(String... uids) {
        Delivery push = push(frame);
        Map<String, Delivery> byUser = new LinkedHashMap<>();
        for (String uid : uids) {
            byUser.put(uid, push);
        }
        return byUser;
    }

    /** Lets every connection's loop run what was handed to it, then reads what the delivery wrote. */
    private int written(CompletionStage<Delivered> delivery) {
        for (EmbeddedChannel ch : channels) {
            ch.runPendingTasks();
        }
        CompletableFuture<Delivered> done = delivery.toCompletableFuture();
        assertThat(done).as("complete once the loops have run").isDone();
        return done.join().written();
    }

    private void assertPushed(Session... targets) {
        for (Session target : targets) {
            EmbeddedChannel ch = (EmbeddedChannel) target.channel();
            ch.runPendingTasks();
            ByteBuf pushed = ch.readOutbound();
            assertThat(pushed).as("push to %s", target).isNotNull();
            // One unmasked final text frame: 0x81, a 7-bit length, the JSON.
            assertThat(pushed.readUnsignedByte()).isEqualTo((short) 0x81);
            assertThat(pushed.readUnsignedByte()).isEqualTo((short) PUSH.length());
            assertThat(pushed.toString(StandardCharsets.UTF_8)).isEqualTo(PUSH);
            pushed.release();
        }
        readAll();
    }

    private static void assertNothingSent(Session session) {
        EmbeddedChannel ch = (EmbeddedChannel) session.channel();
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
    }

    private static void assertClosedWith4003(Session session) {
        EmbeddedChannel ch = (EmbeddedChannel) session.channel();
        ch.runPendingTasks();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4003);
        assertThat(close.reasonText()).isEqualTo("kicked");
        close.release();
        assertThat(session.closing()).as("closing, waiting for the client's answer").isTrue();
        ch.advanceTimeBy(Session.CLOSE_LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    /** Everything still queued on any channel is a push that was not expected: fails on it. */
    private void readAll() {
        for (EmbeddedChannel ch : channels) {
            ch.runPendingTasks();
            Object extra = ch.readOutbound();
            if (extra != null) {
                ReferenceCountUtil.release(extra);
            }
            assertThat(extra).as("unexpected frame").isNull();
        }
    }

    private Session added(String uid, String conn) {
        Session session = session(uid, conn);
        assertThat(index.add(session)).isTrue();
        return session;
    }

    private Session session(String uid, String conn) {
        Session session = new Session(channel(), conn);
        session.logIn(new TokenClaims(uid, Set.of(), false), null, "n1");
        session.markUpgraded();
        return session;
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return ch;
    }
}
