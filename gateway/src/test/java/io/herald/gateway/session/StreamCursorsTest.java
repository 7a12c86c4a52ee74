package io.herald.gateway.session;

import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.codec.StreamPosition;
import io.herald.route.ClusterConfig;
import io.herald.route.Delivery;
import io.herald.route.InMemoryStreamStore;
import io.herald.route.StreamStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One connection's place in its streams, with the store's history behind it and the loop's clock frozen. */
class StreamCursorsTest {

    private static final String ROOM = "group:room1";

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final InMemoryStreamStore store = new InMemoryStreamStore(ClusterConfig.builder().build(),
            UnpooledByteBufAllocator.DEFAULT, System::currentTimeMillis);
    private final List<String> written = new ArrayList<>();
    /** Writes a push as its id, one read back from history as {@code history:<id>}. */
    private final StreamCursors.Writer recorder = new StreamCursors.Writer() {
        @Override
        public void write(Delivery delivery, ByteBuf wire, AckWait ackWait) {
            written.add(delivery.id());
        }

        @Override
        public void write(StreamStore.Entry entry, boolean stored) {
            written.add("history:" + entry.id());
        }
    };
    private final StreamCursors cursors = new StreamCursors(recorder, store, new HistoryReads(store), loop.eventLoop());
    /** The same store, whose reads of a position answer when the test says: a connection joining a group. */
    private final CuedPositions cued = new CuedPositions(store);
    private final StreamCursors joining = new StreamCursors(recorder, cued, new HistoryReads(store), loop.eventLoop());
    private final ByteBuf wire = Unpooled.copiedBuffer("w", StandardCharsets.US_ASCII);
    private String epoch;

    @AfterEach
    void nothingHeldLeaks() {
        cursors.release();
        joining.release();
        assertThat(wire.refCnt()).isEqualTo(1);
        wire.release();
    }

    /** Accepts n pushes on the stream {@code all}, as the API would. */
    private void accepted(int n) {
        accepted("all", n);
    }

    /** Accepts n pushes on a stream, as the API would; their history ids are h-1, h-2, … by seq. */
    private void accepted(String stream, int n) {
        for (int i = 0; i < n; i++) {
            long seq = store.positions(List.of(stream)).toCompletableFuture().join().get(stream).seq() + 1;
            StreamStore.Accepted a = store.accept(List.of(new StreamStore.Accept(
                    new PushMessage("h-" + seq, stream, null, RawJson.trusted("1")), null))).toCompletableFuture()
                    .join().get(0);
            epoch = a.position().epoch();
            a.frame().release();
        }
    }

    private Delivery push(long seq) {
        return push("all", seq);
    }

    private Delivery push(String stream, long seq) {
        return new Delivery("m-" + seq, stream, new StreamPosition(epoch, seq), wire, Delivery.Acks.NONE);
    }

    /** Offers pushes of the group's stream, by seq, to the joining connection. */
    private void offer(long... seqs) {
        for (long seq : seqs) {
            joining.offer(push(ROOM, seq), wire, null);
        }
    }

    /** Lets the held frames go after a reply, written as {@code reply:<seq>} ({@code reply:none} without a place). */
    private void reply() {
        joining.reply(ROOM, position -> written.add("reply:" + (position == null ? "none" : position.seq())));
    }

    @Test
    void writesInOrderHoldsWhatIsAheadAndDropsWhatWasWritten() {
        accepted(4);
        cursors.recovered(Map.of("all", new StreamPosition(epoch, 0)));

        cursors.offer(push(1), wire, null);
        cursors.offer(push(3), wire, null);
        cursors.offer(push(1), wire, null);
        assertThat(written).containsExactly("m-1");
        cursors.offer(push(2), wire, null);

        assertThat(written).containsExactly("m-1", "m-2", "m-3");
        assertThat(cursors.position("all")).isEqualTo(new StreamPosition(epoch, 3));
    }

    @Test
    void aGapThatDoesNotFillInTimeIsFilledFromHistoryWithJustWhatIsMissing() {
        loop.freezeTime();
        accepted(5);
        cursors.recovered(Map.of("all", new StreamPosition(epoch, 1)));

        cursors.offer(push(5), wire, null);
        loop.advanceTimeBy(StreamCursors.GAP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();

        assertThat(written).containsExactly("history:h-2", "history:h-3", "history:h-4", "m-5");
        cursors.offer(push(4), wire, null);
        assertThat(written).as("a late push is one written already").hasSize(4);
    }

    @Test
    void duringRecoveryEverythingOnAStreamIsHeldThenWhatTheReplayCoveredIsDropped() {
        accepted(3);
        cursors.startRecovery();
        cursors.offer(push(2), wire, null);
        cursors.offer(push(3), wire, null);
        cursors.offer(new Delivery("no-stream", null, null, wire, Delivery.Acks.NONE), wire, null);
        assertThat(written).containsExactly("no-stream");

        cursors.recovered(Map.of("all", new StreamPosition(epoch, 2)));

        assertThat(written).containsExactly("no-stream", "m-3");
    }

    @Test
    void aStreamJoinedLaterStartsAtItsPositionThenAndOrdersWhatCameMeanwhile() {
        accepted(2);
        cursors.recovered(Map.of());

        cursors.join("all");
        loop.runPendingTasks();
        cursors.offer(push(4), wire, null);
        cursors.offer(push(3), wire, null);

        assertThat(written).containsExactly("m-3", "m-4");
    }

    @Test
    void aNewEpochStartsTheStreamAnew() {
        accepted(2);
        cursors.recovered(Map.of("all", new StreamPosition(epoch, 2)));

        cursors.offer(new Delivery("fresh", "all", new StreamPosition("another", 1), wire, Delivery.Acks.NONE),
                wire, null);

        assertThat(written).containsExactly("fresh");
        assertThat(cursors.position("all")).isEqualTo(new StreamPosition("another", 1));
    }

    @Test
    void aJoinedStreamStartsWhereTheReadFoundItAndDropsThePushesTheReadCounted() {
        accepted(ROOM, 2);
        joining.recovered(Map.of());

        CompletableFuture<Void> positioned = joining.join(ROOM).toCompletableFuture();
        accepted(ROOM, 1); // seq 3, routed to the connection, which has joined: held until the read is applied
        offer(3);
        cued.answer(); // the read came after seq 3 was taken: seq 3 is before the join
        loop.runPendingTasks();

        assertThat(positioned).isDone();
        assertThat(written).as("seq 3 was taken before the place was read").isEmpty();
        assertThat(joining.position(ROOM)).isEqualTo(new StreamPosition(epoch, 3));
        accepted(ROOM, 2);
        offer(5, 4);
        assertThat(written).containsExactly("m-4", "m-5");
    }

    @Test
    void aJoinCompletesOnlyOnceItsReadIsApplied() {
        accepted(ROOM, 1);
        joining.recovered(Map.of());

        CompletableFuture<Void> positioned = joining.join(ROOM).toCompletableFuture();
        assertThat(positioned).isNotDone();
        cued.answer();
        assertThat(positioned).as("applied on the loop").isNotDone();
        loop.runPendingTasks();

        assertThat(positioned).isDone();
        assertThat(joining.position(ROOM)).isEqualTo(new StreamPosition(epoch, 1));
    }

    @Test
    void aStoreThatAnswersAtOnceIsAppliedAtOnce() {
        accepted(ROOM, 1);
        cursors.recovered(Map.of());

        assertThat(cursors.join(ROOM).toCompletableFuture()).isDone();
        assertThat(cursors.position(ROOM)).isEqualTo(new StreamPosition(epoch, 1));
    }

    @Test
    void aJoinReplyComesAfterWhatWasWrittenAndBeforeWhatWasHeld() {
        accepted(ROOM, 2);
        joining.recovered(Map.of());

        joining.holdForReply(ROOM); // the join command
        offer(2); // routed before the membership was visible: never, but harmless
        joining.join(ROOM); // the membership is visible, the read begins
        accepted(ROOM, 2);
        offer(4, 3);
        cued.answer(); // seq 4 now
        loop.runPendingTasks();
        assertThat(written).as("the reply has not gone out yet").isEmpty();
        accepted(ROOM, 1);
        offer(5);
        reply();

        assertThat(written).containsExactly("reply:4", "m-5");
        accepted(ROOM, 1);
        offer(6);
        assertThat(written).containsExactly("reply:4", "m-5", "m-6");
    }

    @Test
    void aMemberAlreadyIsAnsweredWithItsPlaceAndWhatCameMeanwhileFollows() {
        accepted(ROOM, 3);
        joining.recovered(Map.of(ROOM, new StreamPosition(epoch, 1)));
        offer(2);

        joining.holdForReply(ROOM);
        offer(3);
        reply();

        assertThat(written).containsExactly("m-2", "reply:2", "m-3");
        assertThat(cued.waiting()).as("no read").isZero();
    }

    @Test
    void aMemberWhosePlaceIsUnknownReadsItBeforeTheReply() {
        accepted(ROOM, 2);
        joining.recovered(Map.of()); // the store was unreachable at login

        joining.holdForReply(ROOM);
        reply();
        assertThat(written).isEmpty();
        cued.answer();
        loop.runPendingTasks();

        assertThat(written).containsExactly("reply:2");
    }

    @Test
    void aReplyWaitsForAReadUnderWay() {
        accepted(ROOM, 2);
        joining.recovered(Map.of());

        joining.holdForReply(ROOM);
        joining.join(ROOM);
        reply(); // the router answered before this connection's read was applied (another one's join, say)
        assertThat(written).isEmpty();
        cued.answer();
        loop.runPendingTasks();

        assertThat(written).containsExactly("reply:2");
    }

    @Test
    void whereTheStoreCannotBeReadTheReplyHasNoPlaceAndTheFirstFrameHeldStartsTheStream() {
        accepted(ROOM, 3);
        joining.recovered(Map.of());

        joining.holdForReply(ROOM);
        joining.join(ROOM);
        offer(3, 2);
        cued.fail();
        loop.runPendingTasks();
        assertThat(written).as("held for the reply").isEmpty();
        reply(); // the place is unknown: read once more, the store may be back
        cued.fail();
        loop.runPendingTasks();

        assertThat(written).containsExactly("reply:none", "m-2", "m-3");
    }

    @Test
    void aPlaceALoginsRecoveryGaveIsKeptWhenAJoinsReadComesLater() {
        accepted(ROOM, 2);
        joining.startRecovery();
        joining.join(ROOM); // the API's join raced the login: both saw the membership
        joining.recovered(Map.of(ROOM, new StreamPosition(epoch, 2))); // what the login reply said
        accepted(ROOM, 2);
        offer(3);
        cued.answer(); // seq 4 now; seq 3 and 4 were routed to the connection all the same
        loop.runPendingTasks();
        offer(4);

        assertThat(written).containsExactly("m-3", "m-4");
    }

    @Test
    void afterALeaveAJoinStartsWhereTheStoreIsThenAndHistoryFillsNothingFromMeanwhile() {
        loop.freezeTime();
        accepted(ROOM, 1);
        joining.recovered(Map.of(ROOM, new StreamPosition(epoch, 1)));

        joining.left(ROOM);
        accepted(ROOM, 3); // seqs 2 to 4, while the user was out of the group
        joining.join(ROOM);
        cued.answer();
        loop.runPendingTasks();
        accepted(ROOM, 1);
        offer(5);
        loop.advanceTimeBy(StreamCursors.GAP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();

        assertThat(written).containsExactly("m-5");
    }

    @Test
    void aReadBegunBeforeALeaveSaysNothing() {
        accepted(ROOM, 1);
        joining.recovered(Map.of());

        joining.join(ROOM);
        joining.left(ROOM);
        accepted(ROOM, 2);
        joining.join(ROOM);
        accepted(ROOM, 1);
        offer(4);
        cued.answerOldest(); // would say 3: read before the leave
        loop.runPendingTasks();
        assertThat(written).isEmpty();
        cued.answer(); // says 4
        loop.runPendingTasks();
        accepted(ROOM, 1);
        offer(5);

        assertThat(written).containsExactly("m-5");
    }

    @Test
    void aConnectionThatClosesEndsWhatWaitsForItsReads() {
        accepted(ROOM, 1);
        joining.recovered(Map.of());
        CompletableFuture<Void> positioned = joining.join(ROOM).toCompletableFuture();
        offer(1);

        joining.release();
        cued.answer();
        loop.runPendingTasks();

        assertThat(positioned).isDone();
        assertThat(written).isEmpty();
    }
}
