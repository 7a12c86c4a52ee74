package io.herald.gateway.session;

import io.netty.buffer.ByteBuf;

import java.util.ArrayDeque;

/**
 * The replies one connection awaits from elsewhere (its commands forwarded to the upstream): how many are under way,
 * so that a connection cannot have more than its bound, and, for a connection that logged in with
 * {@code "ordered":true}, the order they go out in, the order their commands came in. A reply that completes before
 * those ahead of it is held, and counts as under way, until they have gone out; otherwise a reply goes out as it
 * completes. Belongs to its session's event loop.
 */
public final class PendingReplies {

    /** One reply's place. */
    public static final class Ticket {
        private ByteBuf reply;
        private boolean done;

        private Ticket() {
        }
    }

    private final Session session;
    private final boolean ordered;
    private final ArrayDeque<Ticket> order = new ArrayDeque<>();
    private int underWay;
    private boolean released;

    PendingReplies(Session session, boolean ordered) {
        this.session = session;
        this.ordered = ordered;
    }

    /** A place for one more reply, or {@code null} where {@code limit} are under way already. */
    public Ticket take(int limit) {
        if (underWay >= limit) {
            return null;
        }
        underWay++;
        Ticket ticket = new Ticket();
        if (ordered) {
            order.addLast(ticket);
        }
        return ticket;
    }

    /**
     * Sends the reply of {@code ticket}, taking ownership of it; where replies go in order and some ahead of it are
     * still under way, holds it until they went out.
     */
    public void complete(Ticket ticket, ByteBuf reply) {
        if (ticket.done) {
            reply.release();
            return;
        }
        ticket.done = true;
        if (released) {
            reply.release();
            return;
        }
        if (!ordered) {
            underWay--;
            session.send(reply);
            return;
        }
        ticket.reply = reply;
        while (!order.isEmpty() && order.peekFirst().done) {
            Ticket first = order.pollFirst();
            underWay--;
            session.send(first.reply);
            first.reply = null;
        }
    }

    /** How many replies are under way or held. */
    public int underWay() {
        return underWay;
    }

    /** Lets go of the replies held: the connection closed. */
    void release() {
        released = true;
        for (Ticket ticket : order) {
            if (ticket.reply != null) {
                ticket.reply.release();
                ticket.reply = null;
            }
        }
        order.clear();
    }
}
