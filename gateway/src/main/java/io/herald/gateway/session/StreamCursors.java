package io.herald.gateway.session;

import io.herald.codec.StreamPosition;
import io.herald.route.Delivery;
import io.herald.route.StreamStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where one connection stands in each stream it receives, so that it gets every stream's pushes in seq order and
 * each once: the frames of a stream are written only in order, a frame whose seq was written already is dropped,
 * and one that arrives ahead of a gap is held until the gap fills.
 *
 * <h2>Why frames arrive out of order</h2>
 * Seqs are handed out by the stream store, and pushes then travel to the connection's loop by different ways:
 * two API loops, or two nodes relaying, may hand over seq 6 before seq 5. Almost always the missing frame is a
 * moment behind, so a frame ahead of a gap waits {@link #GAP_WAIT_MILLIS}; past that, the missing pushes are read
 * from the stream's history and written, and the connection moves on past whatever history no longer has.
 *
 * <h2>Recovery</h2>
 * While a connection that logged in is being recovered ({@link #startRecovery} to {@link #recovered}) every
 * frame on a stream is held: the replayed history goes out first, then what was held, with what the replay
 * already wrote dropped. Frames on no stream are never held.
 *
 * <h2>Joining a stream</h2>
 * When its user joins a group, a connection begins to receive the group's stream at a position read from the store
 * ({@link #join}) after the membership became visible to the node's deliveries. That order is what makes the
 * position exact: a push that takes its seq after the read took it after the membership was visible, so it is
 * routed to the connection; one with a seq at or below the position is before the join, and is dropped wherever it
 * arrives. Frames of the stream are held from the start of the read to its end, then those past the position go
 * out in order. Whoever made the join (the client's {@code join} command, the API, another node) is answered only
 * once the read is applied, so a push made after the answer is never one the read counted.
 *
 * <p>The {@code join} command's reply says where the connection starts. The stream's frames are held from the
 * command on ({@link #holdForReply}) until the reply is written ({@link #reply}): every frame of the stream written
 * before the reply has a seq at or below the position it gives, every one after it a seq above, in order.
 *
 * <p>A cursor keeps its place when a read comes later than the place was set from another read (the login's
 * recovery, or a join racing it): every push past that place was routed to the connection. It takes the read's
 * place where its own was only taken from a frame, or set before the user last left the group ({@link #left}):
 * pushes made while the user was out are not the connection's, even where history still has them.
 *
 * <p>Touched only on the connection's loop.
 */
final class StreamCursors {

    /**
     * How long a frame ahead of a gap waits for the missing ones before they are read from history: twice what the
     * node waits for a missing push of a fan-out stream ({@link StreamOrder#WAIT_MILLIS}), so that a push the node
     * handed over late still arrives before the connection reads the history for it.
     */
    static final long GAP_WAIT_MILLIS = 2 * StreamOrder.WAIT_MILLIS;

    /** Writes to the connection, registering what its ack is for. */
    interface Writer {
        void write(Delivery delivery, ByteBuf wire, AckWait wait);

        /** Writes a push read back from a stream's history or storage. */
        void write(StreamStore.Entry entry, boolean stored);
    }

    private final Writer writer;
    private final StreamStore store;
    private final HistoryReads history;
    private final EventLoop loop;
    private final List<StreamCursor> cursors = new ArrayList<>(2);
    private boolean recovering;
    private boolean closed;
    private ScheduledFuture<?> gapCheck;

    StreamCursors(Writer writer, StreamStore store, HistoryReads history, EventLoop loop) {
        this.writer = writer;
        this.store = store;
        this.history = history;
        this.loop = loop;
    }

    /** From now until {@link #recovered}, frames on streams are held. */
    void startRecovery() {
        recovering = true;
    }

    /**
     * Recovery is over: the connection stands at {@code positions} (what the login reply said and the replay
     * wrote); the frames held meanwhile go out after them, each once.
     */
    void recovered(Map<String, StreamPosition> positions) {
        positions.forEach((stream, position) -> {
            StreamCursor cursor = cursor(stream);
            cursor.epoch = position.epoch();
            cursor.last = position.seq();
            cursor.read = true;
        });
        recovering = false;
        for (StreamCursor cursor : cursors) {
            drain(cursor);
        }
        checkGapsLater();
    }

    /**
     * The connection begins to receive a stream: its user joined the stream's group here, and deliveries already
     * see it. Reads where the connection starts, holding the stream's frames meanwhile; completes, on the loop, once
     * the read is applied (at once where the store answered at once).
     */
    CompletionStage<Void> join(String stream) {
        CompletableFuture<Void> positioned = new CompletableFuture<>();
        read(cursor(stream), () -> positioned.complete(null));
        return positioned;
    }

    /** The connection's user left the stream's group: if it joins again, it starts where the store is then. */
    void left(String stream) {
        for (StreamCursor cursor : cursors) {
            if (cursor.stream.equals(stream)) {
                cursor.leaves++;
                cursor.read = false;
            }
        }
    }

    /** Holds the stream's frames until {@link #reply}: a {@code join} command's reply goes out before them. */
    void holdForReply(String stream) {
        cursor(stream).replying++;
    }

    /**
     * Has {@code write} write the reply with where the connection stands in the stream ({@code null} where that
     * cannot be known: the store unreachable), once the reads under way are applied (a member whose place is unknown
     * reads it first), then lets the stream's frames held since {@link #holdForReply} go: those past that place, in
     * order.
     */
    void reply(String stream, Consumer<StreamPosition> write) {
        StreamCursor cursor = cursor(stream);
        Runnable released = () -> {
            write.accept(cursor.position());
            cursor.replying--;
            drain(cursor);
            checkGapsLater();
        };
        if (cursor.reading > 0) {
            cursor.afterReads(released);
        } else if (cursor.last < 0) {
            read(cursor, released);
        } else {
            released.run();
        }
    }

    /** Reads where the connection starts in the cursor's stream; {@code then} runs once the reads are applied. */
    private void read(StreamCursor cursor, Runnable then) {
        cursor.reading++;
        cursor.afterReads(then);
        int leaves = cursor.leaves;
        String stream = cursor.stream;
        BiConsumer<Map<String, StreamPosition>, Throwable> apply = (positions, e) ->
                positioned(cursor, leaves, e == null ? positions.get(stream) : null);
        CompletableFuture<Map<String, StreamPosition>> positions = store.positions(List.of(stream))
                .toCompletableFuture();
        if (positions.isDone()) {
            // A node alone reads at once: the join is applied before the connection's next command runs.
            positions.whenComplete(apply);
        } else {
            positions.whenCompleteAsync(apply, loop);
        }
    }

    /**
     * A read of the stream's position came back ({@code null}: the store could not be read); once no other read is
     * under way, what waited for them runs, then the held frames past the position go out.
     */
    private void positioned(StreamCursor cursor, int leaves, StreamPosition position) {
        if (closed) {
            return;
        }
        cursor.reading--;
        if (position != null && leaves == cursor.leaves) {
            if (cursor.last < 0 || !position.epoch().equals(cursor.epoch)) {
                cursor.epoch = position.epoch();
                cursor.last = position.seq();
            } else if (!cursor.read) {
                // Taken from a frame, or from before the user left: the connection starts where the store is now.
                // What it wrote before the read began took its seq before the read, so it is not past the read.
                cursor.last = Math.max(cursor.last, position.seq());
            }
            cursor.read = true;
        }
        if (cursor.reading == 0) {
            cursor.runAfterReads();
        }
        drain(cursor);
        checkGapsLater();
    }

    /**
     * Takes a push for the connection: writes it now, holds it, or drops it as written already. Returns whether it
     * counts as delivered to this connection (it does in all three cases).
     */
    boolean offer(Delivery delivery, ByteBuf wire, AckWait wait) {
        StreamPosition position = delivery.position();
        if (position == null || delivery.stream() == null) {
            writer.write(delivery, wire, wait);
            return true;
        }
        StreamCursor cursor = cursor(delivery.stream());
        if (recovering || cursor.waits()) {
            cursor.hold(delivery, wire, wait);
            return true;
        }
        if (cursor.last < 0 || !position.epoch().equals(cursor.epoch)) {
            // A stream whose place no read could give (the store was unreachable), or one whose history was lost:
            // start here.
            cursor.releaseHeld();
            cursor.epoch = position.epoch();
            cursor.last = position.seq() - 1;
            cursor.read = false;
        }
        long seq = position.seq();
        if (seq <= cursor.last) {
            return true;
        }
        if (seq == cursor.last + 1) {
            writer.write(delivery, wire, wait);
            cursor.last = seq;
            drain(cursor);
            return true;
        }
        cursor.hold(delivery, wire, wait);
        checkGapsLater();
        return true;
    }

    private StreamCursor cursor(String stream) {
        for (int i = 0, n = cursors.size(); i < n; i++) {
            StreamCursor cursor = cursors.get(i);
            if (cursor.stream.equals(stream)) {
                return cursor;
            }
        }
        StreamCursor cursor = new StreamCursor(stream);
        cursors.add(cursor);
        return cursor;
    }


    /**
     * Writes what is held in order from the cursor on, and drops what was written already; stops at a gap. Nothing
     * while the stream's frames wait (recovery, a read, a reply). Where no read could say where the connection
     * starts (the store unreachable), it starts with the first frame held.
     */
    private void drain(StreamCursor cursor) {
        if (recovering || cursor.waits() || !cursor.holds()) {
            return;
        }
        if (cursor.last < 0) {
            Delivery first = cursor.ahead.firstEntry().getValue().delivery();
            cursor.epoch = first.position().epoch();
            cursor.last = first.position().seq() - 1;
        }
        while (cursor.holds() && cursor.ahead.firstKey() <= cursor.last + 1) {
            StreamCursor.Held held = cursor.ahead.pollFirstEntry().getValue();
            long seq = held.delivery().position().seq();
            if (seq == cursor.last + 1 && held.delivery().position().epoch().equals(cursor.epoch)) {
                writer.write(held.delivery(), held.wire(), held.ackWait());
                cursor.last = seq;
            }
            held.wire().release();
        }
    }

    private void checkGapsLater() {
        if (gapCheck == null && cursors.stream().anyMatch(StreamCursor::gapped)) {
            gapCheck = loop.schedule(this::fillGaps, GAP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads what is still missing ahead of each held frame from history, writes it, and moves past the rest. */
    private void fillGaps() {
        gapCheck = null;
        for (StreamCursor cursor : cursors) {
            if (!cursor.gapped()) {
                continue;
            }
            long from = cursor.last;
            long until = cursor.ahead.firstKey();
            CompletionStage<StreamStore.Replay> missing = history.after(cursor.stream, from,
                    (int) Math.min(Integer.MAX_VALUE, until - from - 1));
            missing.whenCompleteAsync((replay, e) -> {
                if (closed) {
                    return;
                }
                if (e == null && cursor.epoch.equals(replay.now().epoch())) {
                    for (StreamStore.Entry entry : replay.pushes()) {
                        if (entry.seq() == cursor.last + 1 && entry.seq() < until) {
                            writer.write(entry, false);
                            cursor.last = entry.seq();
                        }
                    }
                }
                if (cursor.gapped() && cursor.ahead.firstKey() == until) {
                    // History no longer has them: move on rather than hold the stream up.
                    cursor.last = until - 1;
                }
                drain(cursor);
                checkGapsLater();
            }, loop);
        }
    }

    /** Releases every held frame, and runs what waits for a read: the connection closed. */
    void release() {
        closed = true;
        cursors.forEach(StreamCursor::releaseHeld);
        if (gapCheck != null) {
            gapCheck.cancel(false);
            gapCheck = null;
        }
        cursors.forEach(StreamCursor::runAfterReads);
    }

    /** The position written so far in a stream, or {@code null} where it is unknown; for tests. */
    StreamPosition position(String stream) {
        for (StreamCursor cursor : cursors) {
            if (cursor.stream.equals(stream)) {
                return cursor.position();
            }
        }
        return null;
    }
}
