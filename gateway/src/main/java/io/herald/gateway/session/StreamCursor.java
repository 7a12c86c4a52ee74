package io.herald.gateway.session;

import io.herald.codec.StreamPosition;
import io.herald.route.Delivery;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Where one connection stands in one stream, and what waits there: frames held ahead of a gap or while the stream
 * waits, reads of its position under way, replies to {@code join} commands. The rules that move it are
 * {@link StreamCursors}'. Touched only on the connection's loop.
 */
final class StreamCursor {

    /** A frame held, with its own reference to the shared wire bytes. */
    record Held(Delivery delivery, ByteBuf wire, AckWait ackWait) {
    }

    final String stream;
    String epoch;
    /** The last seq written, -1 while unknown. */
    long last = -1;
    /**
     * Whether {@link #last} is where a read of the store (a join's, or the login's recovery) put it, or past it,
     * since the user last left the stream's group; false where it was taken from a frame.
     */
    boolean read;
    /** Reads of the stream's position under way: the stream's frames wait for them. */
    int reading;
    /** Replies to {@code join} commands that go out before the stream's next frame: its frames wait for them. */
    int replying;
    /** How many times the user left the group: a read begun before the last leave says nothing. */
    int leaves;
    /** Frames held, by seq. */
    TreeMap<Long, Held> ahead;
    /** What runs once the reads under way are applied. */
    private List<Runnable> afterReads;

    StreamCursor(String stream) {
        this.stream = stream;
    }

    boolean holds() {
        return ahead != null && !ahead.isEmpty();
    }

    /** Whether the stream's frames wait for a read or a reply, whatever their seqs. */
    boolean waits() {
        return reading > 0 || replying > 0;
    }

    /** Whether a frame is held past a seq that has not come, with nothing else to wait for. */
    boolean gapped() {
        return last >= 0 && !waits() && holds() && ahead.firstKey() > last + 1;
    }

    /** Where the connection stands, or {@code null} where it is unknown. */
    StreamPosition position() {
        return last < 0 ? null : new StreamPosition(epoch, last);
    }

    /** Holds a frame (once per seq), with a reference of its own to the wire bytes. */
    void hold(Delivery delivery, ByteBuf wire, AckWait wait) {
        if (ahead == null) {
            ahead = new TreeMap<>();
        }
        long seq = delivery.position().seq();
        if (!ahead.containsKey(seq)) {
            ahead.put(seq, new Held(delivery, wire.retainedDuplicate(), wait));
        }
    }

    /** Drops every frame held. */
    void releaseHeld() {
        if (ahead != null) {
            ahead.values().forEach(held -> held.wire().release());
            ahead.clear();
        }
    }

    /** Runs {@code then} once the reads under way are applied ({@link #runAfterReads}). */
    void afterReads(Runnable then) {
        if (afterReads == null) {
            afterReads = new ArrayList<>(2);
        }
        afterReads.add(then);
    }

    /** Runs, in order, what waited for the reads. */
    void runAfterReads() {
        List<Runnable> waiting = afterReads;
        afterReads = null;
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }
}
