package io.herald.gateway.session;

import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands one push to many sessions with one task per event loop rather than one per connection: a broadcast to
 * 10,000 connections on two loops costs two task hand-offs and two wake-ups, not 10,000. The push is framed for
 * the wire once ({@link WebSocketWire}); each task hands the frame to each of its loop's sessions, which write it as
 * a retained duplicate (no copy, no allocation: pooled duplicates), and the {@link LoopFlusher} flushes each
 * once the loop has run its queued tasks. Always through {@link EventLoop#execute}, even from the loop itself,
 * so that deliveries to one connection keep the order they were handed over in.
 *
 * <p>Users pushed together on their own streams each have their own frame (their own seq): each distinct
 * delivery is framed once, and each session is handed its user's.
 *
 * <h2>Completion</h2>
 * {@link #send} returns a stage that completes once every loop has run its task, with the number of
 * connections that were still open when their loop wrote to them. Each task adds its count to a shared sum
 * and counts down the loops left; the one that counts down to zero completes the stage, on its own thread.
 * A loop that refuses the task (it is shutting down, its connections are closing) counts 0 for its share at
 * once. The caller that waits for the stage before handing over more (the push API answers only then) is held
 * to the pace of the loops instead of queueing tasks on them without bound. Where the push's acks are awaited,
 * the stage then waits for them too ({@link AckWait}).
 *
 * <p>Not thread-safe: one instance per push, filled with {@link #add} and ended with {@link #send}.
 */
final class Fanout {

    /** The sessions of one loop and, once the push has several deliveries, each one's. */
    private static final class Batch {
        final List<Session> sessions = new ArrayList<>();
        List<Delivery> deliveries;
    }

    /** The node's count of frames written, added to once per loop task (striped: loops do not contend on it). */
    private final LongAdder deliveries;
    private EventLoop onlyLoop;
    private Batch onlyLoopBatch;
    private Map<EventLoop, Batch> byLoop;
    private Delivery only;
    private boolean mixed;
    private int count;
    /** Each delivery's wire frame, once {@link #frame()} made them. */
    private Map<Delivery, ByteBuf> wires;

    /** A fan-out whose writes are counted nowhere (tests). */
    Fanout() {
        this(new LongAdder());
    }

    /** @param deliveries where each loop adds the frames it wrote */
    Fanout(LongAdder deliveries) {
        this.deliveries = deliveries;
    }

    /** Adds a session if its connection is open, to be handed {@code delivery}; returns whether it was. */
    boolean add(Session session, Delivery delivery) {
        if (!session.channel().isActive()) {
            return false;
        }
        if (only == null) {
            only = delivery;
        } else if (delivery != only && !mixed) {
            mixed = true;
            forEachBatch(batch -> {
                batch.deliveries = new ArrayList<>(batch.sessions.size() + 1);
                batch.sessions.forEach(s -> batch.deliveries.add(only));
            });
        }
        EventLoop loop = session.channel().eventLoop();
        Batch batch;
        if (onlyLoop == null) {
            onlyLoop = loop;
            onlyLoopBatch = new Batch();
            batch = onlyLoopBatch;
        } else if (loop == onlyLoop) {
            batch = onlyLoopBatch;
        } else {
            if (byLoop == null) {
                byLoop = new IdentityHashMap<>();
            }
            batch = byLoop.computeIfAbsent(loop, l -> new Batch());
        }
        batch.sessions.add(session);
        if (mixed) {
            if (batch.deliveries == null) {
                batch.deliveries = new ArrayList<>();
            }
            batch.deliveries.add(delivery);
        }
        count++;
        return true;
    }

    private void forEachBatch(java.util.function.Consumer<Batch> action) {
        if (onlyLoopBatch != null) {
            action.accept(onlyLoopBatch);
        }
        if (byLoop != null) {
            byLoop.values().forEach(action);
        }
    }

    /** The sessions added: the most connections the push can be written to. */
    int count() {
        return count;
    }

    /**
     * Frames each delivery once for the wire, in buffers of its own: from then on the caller's frames are no longer
     * needed, and it may release them even while {@link #send} waits (its stream's order, say).
     */
    void frame() {
        if (wires != null || onlyLoop == null) {
            return;
        }
        // Sized for what it holds: the default table (64 slots) was 4% of the bytes a unicast push allocates.
        wires = new IdentityHashMap<>(mixed ? count : 1);
        if (mixed) {
            forEachBatch(batch -> batch.deliveries.forEach(d -> wires.computeIfAbsent(d,
                    x -> WebSocketWire.text(x.frame()))));
        } else {
            wires.put(only, WebSocketWire.text(only.frame()));
        }
    }

    /**
     * Hands each delivery, framed once ({@link #frame()}, done here where it was not before), to every session
     * added, on their event loops. The stage completes once every loop has handed it over (and its acks came or
     * timed out, where they are awaited), with how many connections it was written to (at most {@link #count()}).
     */
    CompletionStage<Delivered> send() {
        if (onlyLoop == null) {
            return CompletableFuture.completedFuture(Delivered.NONE);
        }
        frame();
        long awaitMillis = awaitMillis(wires);
        AckWait wait = awaitMillis > 0 ? new AckWait() : null;
        Tally tally = new Tally(byLoop == null ? 1 : 1 + byLoop.size());
        if (byLoop != null) {
            for (Map.Entry<EventLoop, Batch> e : byLoop.entrySet()) {
                wires.values().forEach(ByteBuf::retain);
                hand(e.getKey(), e.getValue(), wires, wait, tally);
            }
        }
        hand(onlyLoop, onlyLoopBatch, wires, wait, tally);
        if (wait == null) {
            return tally.done.thenApply(written -> new Delivered(written, 0));
        }
        EventLoop timer = onlyLoop;
        return tally.done.thenCompose(written -> wait.await(written, awaitMillis, timer));
    }

    private static long awaitMillis(Map<Delivery, ByteBuf> wires) {
        long await = 0;
        for (Delivery delivery : wires.keySet()) {
            await = Math.max(await, delivery.acks().awaitMillis());
        }
        return await;
    }

    private void hand(EventLoop loop, Batch batch, Map<Delivery, ByteBuf> wires, AckWait wait, Tally tally) {
        try {
            loop.execute(() -> write(batch, wires, wait, tally));
        } catch (RuntimeException rejected) {
            // The loop is shutting down: its connections are closing and will not take the push.
            wires.values().forEach(ByteBuf::release);
            tally.loopDone(0);
        }
    }

    /** One loop's task: hands the push to its sessions that are still open, then counts its share. */
    private void write(Batch batch, Map<Delivery, ByteBuf> wires, AckWait wait, Tally tally) {
        int written = 0;
        try {
            List<Session> sessions = batch.sessions;
            for (int i = 0, n = sessions.size(); i < n; i++) {
                Delivery delivery = batch.deliveries == null ? only : batch.deliveries.get(i);
                // On the channel's loop, so the state cannot change between its check and the write.
                if (sessions.get(i).deliver(delivery, wires.get(delivery), wait)) {
                    written++;
                }
            }
        } finally {
            wires.values().forEach(ByteBuf::release);
            if (written != 0) {
                deliveries.add(written);
            }
            tally.loopDone(written);
        }
    }

    /** What the loops of one push wrote; completes {@link #done} when the last of them has counted. */
    private static final class Tally {
        private final CompletableFuture<Integer> done = new CompletableFuture<>();
        private final AtomicInteger loopsLeft;
        private final AtomicInteger written = new AtomicInteger();

        Tally(int loops) {
            this.loopsLeft = new AtomicInteger(loops);
        }

        void loopDone(int n) {
            if (n != 0) {
                written.addAndGet(n);
            }
            // The atomic decrement orders every loop's addition before the last loop's read.
            if (loopsLeft.decrementAndGet() == 0) {
                done.complete(written.get());
            }
        }
    }
}
