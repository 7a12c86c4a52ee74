package io.herald.gateway.session;

import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.codec.StreamPosition;
import io.herald.gateway.auth.TokenClaims;
import io.herald.route.ClusterConfig;
import io.herald.route.Delivery;
import io.herald.route.InMemoryRouteRegistry;
import io.herald.route.InMemoryStreamStore;
import io.herald.route.LocalRouter;
import io.herald.route.Router;
import io.herald.route.StreamStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A user joined to a group while connected, by the API, against a stream store whose reads of a position answer
 * only when the test lets them (as a Redis read answers a moment later, with what Redis holds then): a push the
 * backend makes once the join was answered must reach every connection of the user, however late the node's
 * loops and reads run.
 */
class JoinRaceTest {

    private final InMemoryStreamStore memory = new InMemoryStreamStore(ClusterConfig.builder().build(),
            UnpooledByteBufAllocator.DEFAULT, System::currentTimeMillis);
    private final CuedPositions store = new CuedPositions(memory);
    private final SessionIndex index = new SessionIndex();
    private final GatewayNode node = TestNodes.node("n1", index);
    private final Router router = new LocalRouter(node, new InMemoryRouteRegistry());
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel ch : channels) {
            ch.runPendingTasks();
            for (Object extra = ch.readOutbound(); extra != null; extra = ch.readOutbound()) {
                ReferenceCountUtil.release(extra);
            }
            Session.of(ch).release();
            assertFalse(ch.finish());
        }
    }

    @Test
    void aPushAcceptedOnceAnApiJoinWasAnsweredReachesEveryConnectionOfTheUser() {
        Session phone = loggedIn("bob", "c-1");
        Session laptop = loggedIn("bob", "c-2");

        CompletableFuture<Boolean> answered = router.join("room1", "bob").toCompletableFuture();
        // The API answers when the join completes; the node's loops and reads run meanwhile, as they will.
        settleUntil(answered::isDone);
        StreamStore.Accepted broadcast = accept("room1", "g-1");
        settle(); // the loops and the reads of a slow node run only now, after the broadcast took its seq
        router.pushToGroup("room1", delivery("room1", "g-1", broadcast));
        settle();
        broadcast.frame().release();

        assertThat(pushIds(phone)).containsExactly("g-1");
        assertThat(pushIds(laptop)).containsExactly("g-1");
    }

    /** A session logged in as {@code uid}, in the index, standing at the streams' positions now. */
    private Session loggedIn(String uid, String conn) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        Session session = new Session(ch, conn);
        ch.attr(Session.KEY).set(session);
        session.logIn(new TokenClaims(uid, Set.of(), true), null, "n1");
        session.markUpgraded();
        index.add(session);
        session.startRecovery(store, new HistoryReads(store));
        Map<String, StreamPosition> positions = memory.positions(List.of(PushMessage.userStream(uid),
                PushMessage.ALL_STREAM)).toCompletableFuture().join();
        session.recover(new Recovery(positions, true, List.of(), List.of(), List.of(), Set.of()));
        return session;
    }

    private StreamStore.Accepted accept(String group, String id) {
        return memory.accept(List.of(new StreamStore.Accept(
                new PushMessage(id, PushMessage.groupStream(group), group, RawJson.trusted("1")), null)))
                .toCompletableFuture().join().get(0);
    }

    private static Delivery delivery(String group, String id, StreamStore.Accepted accepted) {
        return new Delivery(id, PushMessage.groupStream(group), accepted.position(), accepted.frame(),
                Delivery.Acks.NONE);
    }

    /** Runs every loop's tasks and answers every read of a position, until nothing is left to run. */
    private void settle() {
        settleUntil(() -> false);
    }

    private void settleUntil(BooleanSupplier done) {
        boolean ran = true;
        while (!done.getAsBoolean() && ran) {
            ran = false;
            for (EmbeddedChannel ch : channels) {
                ran |= ch.hasPendingTasks();
                ch.runPendingTasks();
            }
            ran |= store.answer();
        }
    }

    /** The ids of the push frames written to a session so far. */
    private static List<String> pushIds(Session session) {
        EmbeddedChannel ch = (EmbeddedChannel) session.channel();
        ch.runPendingTasks();
        List<String> ids = new ArrayList<>();
        for (Object out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
            String json = text(out);
            ReferenceCountUtil.release(out);
            if (json.contains("\"cmd\":\"push\"")) {
                int at = json.indexOf("\"id\":\"") + 6;
                ids.add(json.substring(at, json.indexOf('"', at)));
            }
        }
        return ids;
    }

    /** The JSON of a frame written to an embedded channel: a reply's frame, or a push's wire bytes. */
    static String text(Object out) {
        if (out instanceof TextWebSocketFrame frame) {
            return frame.text();
        }
        ByteBuf wire = ((ByteBuf) out).duplicate();
        wire.skipBytes(1);
        int length = wire.readUnsignedByte();
        if (length == 126) {
            wire.skipBytes(2);
        } else if (length == 127) {
            wire.skipBytes(8);
        }
        return wire.toString(StandardCharsets.UTF_8);
    }
}
