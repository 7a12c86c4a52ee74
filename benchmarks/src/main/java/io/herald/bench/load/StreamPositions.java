package io.herald.bench.load;

import io.herald.codec.JsonWriter;
import io.herald.codec.StreamPosition;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one client stands in each stream it receives (PROTOCOL.md, "Pushes, streams and recovery"), so that after
 * a drop it logs in again with {@code since} and misses nothing: the positions of the login reply, moved on by the
 * stream and seq of each push. Also says how each push stands against the last one seen on its stream: the next
 * seq, a gap (seqs skipped), or behind (a seq at or below one already seen). Used by the client's event loop only;
 * not thread-safe.
 *
 * <p>A position is the highest seq seen, not the last one of an unbroken run: a client that skipped a seq has it
 * counted as a gap, and asks for what follows the highest, as a client that trusts the order it was promised does.
 */
final class StreamPositions {

    /** How a push's seq stands against the last one seen on its stream. */
    enum Order {
        /** One above the last: in order. */
        NEXT,
        /** More than one above: seqs were skipped. */
        GAP,
        /** At or below the last: out of order, or seen before. */
        BEHIND,
        /**
         * A push on no stream or without a seq, or on a stream the login reply did not list: no position to hold
         * it against, and none kept.
         */
        UNKNOWN
    }

    private final Map<String, StreamPosition> streams = new LinkedHashMap<>();

    /**
     * Takes the positions of a login reply. After a login without {@code since} they are where the client now
     * stands. After a login with {@code since}, a stream recovered whole keeps the client's own seq: the node sends
     * what it missed next, up to the reply's seq. A stream listed in {@code lost}, one whose epoch changed (its
     * history is gone) and one the client did not know start from the reply's position.
     *
     * @param reply     {@code data.streams} of the reply
     * @param withSince whether the login sent {@code since}
     * @param lost      {@code data.lost} of the reply
     */
    void loggedIn(Map<String, StreamPosition> reply, boolean withSince, Collection<String> lost) {
        for (Map.Entry<String, StreamPosition> e : reply.entrySet()) {
            StreamPosition mine = streams.get(e.getKey());
            boolean keep = withSince && mine != null && !lost.contains(e.getKey())
                    && mine.epoch().equals(e.getValue().epoch());
            if (!keep) {
                streams.put(e.getKey(), e.getValue());
            }
        }
    }

    /** Moves {@code stream} on to {@code seq} where it is higher, and says how it stands against the last one. */
    Order advance(String stream, long seq) {
        StreamPosition last = stream == null ? null : streams.get(stream);
        if (last == null || seq < 0) {
            return Order.UNKNOWN;
        }
        if (seq <= last.seq()) {
            return Order.BEHIND;
        }
        streams.put(stream, new StreamPosition(last.epoch(), seq));
        return seq == last.seq() + 1 ? Order.NEXT : Order.GAP;
    }

    /** Whether there is any position to log in with. */
    boolean isEmpty() {
        return streams.isEmpty();
    }

    /** Writes the positions as {@code since} takes them: {@code {"user:alice":{"epoch":"…","seq":40},…}}. */
    void writeSince(JsonWriter w) {
        w.raw("{");
        boolean first = true;
        for (Map.Entry<String, StreamPosition> e : streams.entrySet()) {
            w.raw(first ? "" : ",").string(e.getKey()).raw(":{\"epoch\":").string(e.getValue().epoch())
                    .raw(",\"seq\":").number(e.getValue().seq()).raw("}");
            first = false;
        }
        w.raw("}");
    }

    /** The positions now, in the order the streams were first listed. */
    Map<String, StreamPosition> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(streams));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        streams.forEach((stream, p) -> b.append(b.length() > 1 ? ", " : "").append(stream).append('@')
                .append(p.seq()));
        return b.append('}').toString();
    }
}
