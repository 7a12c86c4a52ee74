package io.herald.gateway;

import io.herald.codec.CloseCode;
import io.herald.gateway.session.Session;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node leaving without losing anything (SIGTERM, {@code POST /api/drain}): it stops accepting clients, its
 * health check says {@code draining} so that load balancers send clients elsewhere, and it closes its clients
 * with 1001 a few at a time, spread evenly over the drain period, so that they reconnect elsewhere without all
 * arriving at once. The API keeps answering meanwhile; {@link #drained()} completes once every client is gone.
 * What the clients had not acked is in their streams' history and storage, where the next node finds it.
 * Thread-safe; the closing runs on one event loop.
 */
final class Drain {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    private static final long TICK_MILLIS = 100;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    boolean draining() {
        return started.get();
    }

    CompletionStage<Void> drained() {
        return drained;
    }

    /**
     * Starts draining, once: closes {@code acceptor} (the client port), then {@code clients} over {@code period},
     * ticking on {@code loop}. A second call changes nothing.
     */
    void start(String nodeId, Channel acceptor, ChannelGroup clients, Duration period, EventLoop loop) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        acceptor.close().addListener(closed -> {
            List<Channel> left = new ArrayList<>(clients);
            log.info("Node {} drains: no new clients; closing {} with 1001 over {}", nodeId, left.size(), period);
            clients.newCloseFuture().addListener(all -> drained.complete(null));
            if (left.isEmpty()) {
                drained.complete(null);
                return;
            }
            // Tick k (0-based) closes up to the first ceil((k + 1) * n / ticks) clients: the last ones leave in
            // the period's last tick however few there are, so even a handful of clients arrive elsewhere spread.
            long ticks = Math.max(1, period.toMillis() / TICK_MILLIS);
            ScheduledFuture<?>[] ticking = new ScheduledFuture<?>[1];
            long[] tick = {0};
            int[] next = {0};
            ticking[0] = loop.scheduleAtFixedRate(() -> {
                tick[0]++;
                int end = (int) Math.min(left.size(), (tick[0] * left.size() + ticks - 1) / ticks);
                for (int i = next[0]; i < end; i++) {
                    goAway(left.get(i));
                }
                next[0] = end;
                if (end == left.size()) {
                    ticking[0].cancel(false);
                }
            }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    /** Tells a client to reconnect elsewhere: 1001 where its handshake is done, else the socket closes. */
    static void goAway(Channel channel) {
        Session session = Session.of(channel);
        if (session != null) {
            channel.eventLoop().execute(() -> session.close(CloseCode.GOING_AWAY));
        } else if (channel.isRegistered()) {
            channel.close();
        }
    }
}
