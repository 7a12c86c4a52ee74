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
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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

    private record Held(Delivery delivery, ByteBuf wire, AckWait ackWait) {
    }

    /** One stream: its epoch, the last seq written (-1 while unknown), and frames held ahead of a gap. */
    private static final class Cursor {
        final String stream;
        String epoch;
        long last = -1;
        /** Whether the stream's position is being read (a group joined): its frames wait for it. */
        boolean positioning;
        TreeMap<Long, Held> ahead;

        Cursor(String stream) {
            this.stream = stream;
        }

        boolean holds() {
            return ahead != null && !ahead.isEmpty();
        }

        boolean gapped() {
            return holds() && ahead.firstKey() > last + 1;
        }
    }

    private final Writer writer;
    private final StreamStore store;
    private final HistoryReads history;
    private final EventLoop loop;
    private final List<Cursor> cursors = new ArrayList<>(2);
    private boolean recovering;
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
            Cursor cursor = cursor(stream);
            if (!position.epoch().equals(cursor.epoch)) {
                cursor.epoch = position.epoch();
            }
            cursor.last = position.seq();
        });
        recovering = false;
        for (Cursor cursor : cursors) {
            if (cursor.last < 0 && cursor.holds() && !cursor.positioning) {
                // A stream the recovery knew nothing of (the store was unreachable).
                cursor.last = cursor.ahead.firstKey() - 1;
                cursor.epoch = cursor.ahead.firstEntry().getValue().delivery().position().epoch();
            }
            drain(cursor);
        }
        checkGapsLater();
    }

    /**
     * Reads where the connection starts in a stream it begins to receive (its user joined a group), holding the
     * stream's frames meanwhile so that two of them handed over out of order still go out in order.
     */
    void join(String stream) {
        Cursor cursor = cursor(stream);
        if (cursor.last >= 0 || cursor.positioning) {
            return;
        }
        cursor.positioning = true;
        store.positions(List.of(stream)).whenCompleteAsync((positions, e) ->
                positioned(cursor, e == null ? positions.get(stream) : null), loop);
    }

    /** The stream's position when the connection began receiving it ({@code null}: unknown); the held go out. */
    private void positioned(Cursor cursor, StreamPosition position) {
        cursor.positioning = false;
        if (recovering) {
            return;
        }
        if (position != null) {
            cursor.epoch = position.epoch();
            cursor.last = position.seq();
            if (cursor.holds() && position.epoch().equals(cursor.ahead.firstEntry().getValue().delivery().position()
                    .epoch())) {
                // What was held meanwhile was routed to this connection after it began receiving the stream, so it
                // is the connection's even where the position was read after those pushes took their seqs: it
                // starts before the first of them, not after.
                cursor.last = Math.min(cursor.last, cursor.ahead.firstKey() - 1);
            }
        } else if (cursor.holds()) {
            cursor.last = cursor.ahead.firstKey() - 1;
            cursor.epoch = cursor.ahead.firstEntry().getValue().delivery().position().epoch();
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
        Cursor cursor = cursor(delivery.stream());
        if (recovering || cursor.positioning) {
            hold(cursor, delivery, wire, wait);
            return true;
        }
        if (cursor.last < 0 || !position.epoch().equals(cursor.epoch)) {
            // A stream first seen now (a group joined since login), or one whose history was lost: start here.
            releaseHeld(cursor);
            cursor.epoch = position.epoch();
            cursor.last = position.seq() - 1;
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
        hold(cursor, delivery, wire, wait);
        checkGapsLater();
        return true;
    }

    private Cursor cursor(String stream) {
        for (int i = 0, n = cursors.size(); i < n; i++) {
            Cursor cursor = cursors.get(i);
            if (cursor.stream.equals(stream)) {
                return cursor;
            }
        }
        Cursor cursor = new Cursor(stream);
        cursors.add(cursor);
        return cursor;
    }

    private static void hold(Cursor cursor, Delivery delivery, ByteBuf wire, AckWait wait) {
        if (cursor.ahead == null) {
            cursor.ahead = new TreeMap<>();
        }
        long seq = delivery.position().seq();
        if (!cursor.ahead.containsKey(seq)) {
            cursor.ahead.put(seq, new Held(delivery, wire.retainedDuplicate(), wait));
        }
    }

    /** Writes what is held in order from the cursor on, and drops what was written already; stops at a gap. */
    private void drain(Cursor cursor) {
        while (cursor.holds() && cursor.ahead.firstKey() <= cursor.last + 1) {
            Held held = cursor.ahead.pollFirstEntry().getValue();
            long seq = held.delivery().position().seq();
            if (seq == cursor.last + 1 && held.delivery().position().epoch().equals(cursor.epoch)) {
                writer.write(held.delivery(), held.wire(), held.ackWait());
                cursor.last = seq;
            }
            held.wire().release();
        }
    }

    private void checkGapsLater() {
        if (gapCheck == null && cursors.stream().anyMatch(Cursor::gapped)) {
            gapCheck = loop.schedule(this::fillGaps, GAP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads what is still missing ahead of each held frame from history, writes it, and moves past the rest. */
    private void fillGaps() {
        gapCheck = null;
        for (Cursor cursor : cursors) {
            if (!cursor.gapped()) {
                continue;
            }
            long from = cursor.last;
            long until = cursor.ahead.firstKey();
            CompletionStage<StreamStore.Replay> missing = history.after(cursor.stream, from,
                    (int) Math.min(Integer.MAX_VALUE, until - from - 1));
            missing.whenCompleteAsync((replay, e) -> {
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

    /** Releases every held frame: the connection closed. */
    void release() {
        cursors.forEach(StreamCursors::releaseHeld);
        if (gapCheck != null) {
            gapCheck.cancel(false);
            gapCheck = null;
        }
    }

    private static void releaseHeld(Cursor cursor) {
        if (cursor.ahead != null) {
            cursor.ahead.values().forEach(held -> held.wire().release());
            cursor.ahead.clear();
        }
    }

    /** The position written so far in a stream, or {@code null} where it is unknown; for tests. */
    StreamPosition position(String stream) {
        for (Cursor cursor : cursors) {
            if (cursor.stream.equals(stream) && cursor.last >= 0) {
                return new StreamPosition(cursor.epoch, cursor.last);
            }
        }
        return null;
    }
}
