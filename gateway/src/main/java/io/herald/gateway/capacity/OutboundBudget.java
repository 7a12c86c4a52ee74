package io.herald.gateway.capacity;

import io.herald.codec.CloseCode;
import io.herald.gateway.session.OutboundWatcher;
import io.herald.gateway.session.Session;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the bytes queued, node-wide, for clients that do not read them ({@code --max-outbound-memory}): past the
 * budget the connections holding the most are closed with 4009 first, until the rest fit. Each connection's own
 * bound, {@code --send-buffer}, still closes it on its own.
 *
 * <h2>How it counts without a lock</h2>
 * What a channel holds is what its outbound buffer still has once flushed: Netty's own total of the bytes queued
 * and not yet taken by the socket, each frame counted with its entry's overhead (96 bytes). The node's flusher tells
 * the budget of every channel it flushed ({@link OutboundWatcher}), on the channel's loop, and the loop keeps the
 * channels that hold anything and their sum in a state of its own ({@link LoopOutbound}), touched only there; a loop
 * none of whose channels holds anything pays one read of a field per flush. Each loop publishes its sum; a check
 * every {@link #CHECK_MILLIS} ms adds the loops' sums up, and only where they pass the budget asks each loop for
 * fresh figures (a task on each loop), then closes the largest holders on their loops. A loop whose flush finds the
 * loops' sums past the budget asks for a check at once, so that a burst need not wait for the next one.
 *
 * <p>A broadcast's frame is one buffer shared by every connection it is written to, yet it counts once per
 * connection that holds it: the budget bounds more than the node spends, never less.
 *
 * <p>Thread-safety: {@link #flushed} runs on the channel's loop; {@link #check} on one executor of the node.
 */
public final class OutboundBudget implements OutboundWatcher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboundBudget.class);

    /** How often the loops' sums are added up. */
    static final long CHECK_MILLIS = 100;

    private final long maxBytes;
    private final List<LoopOutbound> loops = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<LoopOutbound> ownLoop = new FastThreadLocal<>();
    /** How often at most the log says that connections were closed for the budget. */
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Touched only on the checking executor, as are the two after it. */
    private boolean checking;
    private long loggedAt = System.nanoTime() - LOG_EVERY_NANOS;
    private long closedUnlogged;
    private long heldWhenClosing;
    private ScheduledFuture<?> checks;
    private volatile EventExecutor checker;
    /** Whether a check asked for by a loop is queued on the checking executor. */
    private final AtomicBoolean checkAsked = new AtomicBoolean();

    /** @param maxBytes the budget, all connections together; 0 for none */
    public OutboundBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether there is a budget at all. */
    public boolean bounded() {
        return maxBytes > 0;
    }

    /** Starts checking the budget on {@code executor}, every {@link #CHECK_MILLIS} ms, where there is one. */
    public void start(EventExecutor executor) {
        if (bounded()) {
            checker = executor;
            checks = executor.scheduleWithFixedDelay(() -> check(executor), CHECK_MILLIS, CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.cancel(false);
        }
    }

    @Override
    public void flushed(Channel channel) {
        if (!bounded()) {
            return;
        }
        LoopOutbound loop = ownLoop.get();
        if (loop == null) {
            loop = new LoopOutbound(channel.eventLoop());
            ownLoop.set(loop);
            loops.add(loop);
        }
        if (loop.update(channel, pendingBytes(channel)) && heldBytes() > maxBytes && checker != null
                && checkAsked.compareAndSet(false, true)) {
            EventExecutor executor = checker;
            executor.execute(() -> {
                checkAsked.set(false);
                check(executor);
            });
        }
    }

    /** What the node's loops last published: the bytes their clients hold. Any thread. */
    public long heldBytes() {
        long sum = 0;
        for (LoopOutbound loop : loops) {
            sum += loop.published;
        }
        return sum;
    }

    /**
     * Adds the loops' sums up; where they pass the budget, reads each loop's channels afresh and closes the largest
     * holders until the rest fit. One check at a time; on {@code executor}.
     */
    void check(EventExecutor executor) {
        logClosed();
        if (checking || heldBytes() <= maxBytes) {
            return;
        }
        checking = true;
        List<CompletableFuture<List<Held>>> reads = new ArrayList<>(loops.size());
        for (LoopOutbound loop : loops) {
            reads.add(CompletableFuture.supplyAsync(loop::reread, loop.loop));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, e) -> {
            checking = false;
            if (e != null) {
                log.debug("Could not read every loop's outbound bytes: {}", e.toString());
                return;
            }
            List<Held> held = new ArrayList<>();
            reads.forEach(read -> held.addAll(read.join()));
            shed(held);
        }, executor);
    }

    /** Closes the largest holders until the others fit the budget. */
    private void shed(List<Held> held) {
        long total = 0;
        for (Held h : held) {
            total += h.bytes();
        }
        if (total <= maxBytes) {
            return;
        }
        held.sort(Comparator.comparingLong(Held::bytes).reversed());
        long before = total;
        int closed = 0;
        for (Held h : held) {
            if (total <= maxBytes) {
                break;
            }
            total -= h.bytes();
            closed++;
            Channel channel = h.channel();
            channel.eventLoop().execute(() -> closeTooSlow(channel));
        }
        closedUnlogged += closed;
        heldWhenClosing = before;
        logClosed();
    }

    /**
     * Says how many connections were closed for the budget since the last line, at most once every 10 s; a count
     * that waited for the period to pass goes out with the next check after it.
     */
    private void logClosed() {
        long now = System.nanoTime();
        if (closedUnlogged > 0 && now - loggedAt >= LOG_EVERY_NANOS) {
            log.warn("Outbound memory over its budget ({} bytes queued for clients that do not read, at most {}): "
                    + "closed {} connections holding the most with 4009 since the last such line (at most one "
                    + "every 10 s)", heldWhenClosing, maxBytes, closedUnlogged);
            loggedAt = now;
            closedUnlogged = 0;
        }
    }

    /** As the send buffer's own bound does: the close frame waits behind what the client did not read. */
    private static void closeTooSlow(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        Session session = Session.of(channel);
        if (session != null) {
            session.close(CloseCode.TOO_SLOW);
        }
        channel.eventLoop().execute(channel::close);
    }

    private static long pendingBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null || !channel.isActive() ? 0 : buffer.totalPendingWriteBytes();
    }

    /** What one channel holds, read on its loop. */
    record Held(Channel channel, long bytes) {
    }

    /**
     * The channels of one loop that hold bytes, and their sum, as last read. Touched only on its loop, but for the
     * sum it publishes.
     */
    static final class LoopOutbound {
        final EventLoop loop;
        private final Map<Channel, long[]> holding = new HashMap<>();
        private long sum;
        volatile long published;

        LoopOutbound(EventLoop loop) {
            this.loop = loop;
        }

        /** Notes what {@code channel} holds now; returns whether the loop holds anything. */
        boolean update(Channel channel, long bytes) {
            if (bytes == 0 && sum == 0) {
                // Nothing held on this loop: the path of every flush of a node whose clients keep up.
                return false;
            }
            long[] held = holding.get(channel);
            if (held == null) {
                if (bytes == 0) {
                    return sum > 0;
                }
                held = new long[1];
                holding.put(channel, held);
                channel.closeFuture().addListener(f -> forget(channel));
            }
            sum += bytes - held[0];
            held[0] = bytes;
            published = sum;
            return sum > 0;
        }

        /** A closed channel holds nothing any more; on the loop (its close future's listeners run there). */
        private void forget(Channel channel) {
            long[] held = holding.remove(channel);
            if (held != null) {
                sum -= held[0];
                published = sum;
            }
        }

        /** Reads every holding channel afresh; returns those that hold anything. */
        List<Held> reread() {
            List<Held> held = new ArrayList<>(holding.size());
            for (Map.Entry<Channel, long[]> entry : holding.entrySet()) {
                long bytes = pendingBytes(entry.getKey());
                sum += bytes - entry.getValue()[0];
                entry.getValue()[0] = bytes;
                if (bytes > 0) {
                    held.add(new Held(entry.getKey(), bytes));
                }
            }
            published = sum;
            return held;
        }
    }
}
