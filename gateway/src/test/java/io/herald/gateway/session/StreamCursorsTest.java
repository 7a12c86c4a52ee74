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

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One connection's place in its streams, with the store's history behind it and the loop's clock frozen. */
class StreamCursorsTest {

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final InMemoryStreamStore store = new InMemoryStreamStore(ClusterConfig.builder().build(),
            UnpooledByteBufAllocator.DEFAULT, System::currentTimeMillis);
    private final List<String> written = new ArrayList<>();
    private final StreamCursors cursors = new StreamCursors(new StreamCursors.Writer() {
        @Override
        public void write(Delivery delivery, ByteBuf wire, AckWait ackWait) {
            written.add(delivery.id());
        }

        @Override
        public void write(StreamStore.Entry entry, boolean stored) {
            written.add("history:" + entry.id());
        }
    }, store, new HistoryReads(store), loop.eventLoop());
    private final ByteBuf wire = Unpooled.copiedBuffer("w", StandardCharsets.US_ASCII);
    private String epoch;

    @AfterEach
    void nothingHeldLeaks() {
        cursors.release();
        assertThat(wire.refCnt()).isEqualTo(1);
        wire.release();
    }

    /** Accepts n pushes on the stream, as the API would; returns the first's seq. */
    private void accepted(int n) {
        for (int i = 0; i < n; i++) {
            StreamStore.Accepted a = store.accept(List.of(new StreamStore.Accept(
                    new PushMessage("h-" + i, "all", null, RawJson.trusted("1")), null))).toCompletableFuture().join().get(0);
            epoch = a.position().epoch();
            a.frame().release();
        }
    }

    private Delivery push(long seq) {
        return new Delivery("m-" + seq, "all", new StreamPosition(epoch, seq), wire, Delivery.Acks.NONE);
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

        assertThat(written).containsExactly("history:h-1", "history:h-2", "history:h-3", "m-5");
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
    void aPushHeldWhileTheJoinedStreamsPositionWasReadIsWrittenEvenWhereTheReadCameAfterItsSeq() {
        accepted(2);
        CompletableFuture<Map<String, StreamPosition>> read = new CompletableFuture<>();
        StreamStore slowPositions = (StreamStore) Proxy.newProxyInstance(StreamStore.class.getClassLoader(),
                new Class<?>[] {StreamStore.class}, (proxy, method, args) -> method.getName().equals("positions")
                        ? read : method.invoke(store, args));
        StreamCursors joining = new StreamCursors(new StreamCursors.Writer() {
            @Override
            public void write(Delivery delivery, ByteBuf wire, AckWait ackWait) {
                written.add(delivery.id());
            }

            @Override
            public void write(StreamStore.Entry entry, boolean stored) {
                written.add("history:" + entry.id());
            }
        }, slowPositions, new HistoryReads(store), loop.eventLoop());
        joining.recovered(Map.of());

        joining.join("all");
        accepted(1); // seq 3, routed to the connection, which has joined: it is held until the position is known
        joining.offer(push(3), wire, null);
        read.complete(Map.of("all", new StreamPosition(epoch, 3))); // read after seq 3 was taken
        loop.runPendingTasks();

        assertThat(written).containsExactly("m-3");
        joining.release();
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
}
