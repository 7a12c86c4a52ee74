package io.herald.route;

import io.herald.codec.StreamPosition;
import io.netty.buffer.ByteBuf;

/**
 * One push as a node hands it to its connections: the frame every connection is written, where it sits in its
 * stream (so that each connection gets a stream's pushes in order and once), and what its acks are for.
 *
 * @param id       the message id, which the client's ack names
 * @param stream   the stream it belongs to, or {@code null}
 * @param position its stream's epoch and its seq, or {@code null} where it has none (to one connection, streams
 *                 off, or the stream store unreachable)
 * @param frame    the frame's JSON; the caller keeps ownership (see {@link LocalNode})
 * @param acks     what the node does when a connection acks it
 */
public record Delivery(String id, String stream, StreamPosition position, ByteBuf frame, Acks acks) {

    /**
     * What a connection's ack of a push is for.
     *
     * @param awaitMillis how long the caller waits for the acks of the connections it was written to (0: it does
     *                    not wait)
     * @param receipt     whether each ack is reported as a receipt event
     * @param stored      whether the push is stored for its user until acked, so that an ack drops it
     */
    public record Acks(long awaitMillis, boolean receipt, boolean stored) {

        /** A push whose acks nobody asked for. */
        public static final Acks NONE = new Acks(0, false, false);

        public boolean awaited() {
            return awaitMillis > 0;
        }

        /** Whether a connection's ack does anything at all. */
        public boolean tracked() {
            return awaitMillis > 0 || receipt || stored;
        }
    }

    /** The same push with another frame (a relayed copy, say). */
    public Delivery withFrame(ByteBuf other) {
        return new Delivery(id, stream, position, other, acks);
    }
}
