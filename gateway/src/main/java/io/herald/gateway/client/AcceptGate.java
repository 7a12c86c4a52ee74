package io.herald.gateway.client;

import io.netty.channel.Channel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pauses accepting connections while too many accepted ones are not yet logged in, so that a node a reconnect
 * storm meets takes only what it can serve: each connection it accepted gets its upgrade and login read well within
 * the login timeout, instead of waiting behind thousands of others until its timer closes it. The connections not
 * yet accepted wait in the kernel's accept backlog (past it, their SYNs are retried by their TCP), which costs the
 * node nothing. Accepting stops when {@code high} connections are arriving (accepted, not yet logged in or closed)
 * and starts again once they are down to half of it.
 *
 * <p>One per node; {@link #arrived} and {@link #left} are called from any connection's loop, the server channel's
 * read is switched on its own loop, where the decision is made from the count as it is then. Thread-safe.
 */
public final class AcceptGate {

    private final int high;
    private final int low;
    private final AtomicInteger arriving = new AtomicInteger();
    private volatile Channel server;
    /** Whether accepting is paused; touched on the server channel's loop only. */
    private boolean paused;
    private long pauses;

    /** @param high the most connections arriving at once before accepting pauses; 0 never pauses */
    public AcceptGate(int high) {
        this.high = high;
        this.low = high / 2;
    }

    /** Whether the gate may pause accepting at all. */
    boolean limited() {
        return high > 0;
    }

    /** The listening channel whose accepting the gate pauses; set once it is bound. */
    public void serverChannel(Channel server) {
        this.server = server;
    }

    /** A connection was accepted. */
    void arrived() {
        if (arriving.incrementAndGet() == high) {
            decide();
        }
    }

    /** A connection that arrived logged in or closed. */
    void left() {
        if (arriving.decrementAndGet() == low) {
            decide();
        }
    }

    /** Connections accepted and not yet logged in or closed. */
    int arriving() {
        return arriving.get();
    }

    /** How many times accepting paused; for logs and tests. */
    public long pauses() {
        return pauses;
    }

    private void decide() {
        Channel channel = server;
        if (channel != null) {
            channel.eventLoop().execute(() -> apply(channel));
        }
    }

    private void apply(Channel channel) {
        int now = arriving.get();
        if (!paused && now >= high) {
            paused = true;
            pauses++;
            channel.config().setAutoRead(false);
        } else if (paused && now <= low) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }
}
