package io.herald.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands one shared wire frame to many sessions with one task per event loop rather than one per connection: a
 * broadcast to 10,000 connections on two loops costs two task hand-offs and two wake-ups, not 10,000. Each task
 * writes the frame to each of its loop's connections as a retained duplicate (no copy, no allocation: pooled
 * duplicates), and the {@link LoopFlusher} flushes each once the loop has run its queued tasks. Always through
 * {@link EventLoop#execute}, even from the loop itself, so that deliveries to one connection keep the order
 * they were handed over in.
 *
 * <h2>Completion</h2>
 * {@link #send} returns a stage that completes once every loop has run its task, with the number of
 * connections that were still open when their loop wrote to them. Each task adds its count to a shared sum
 * and counts down the loops left; the one that counts down to zero completes the stage, on its own thread.
 * A loop that refuses the task (it is shutting down, its connections are closing) counts 0 for its share at
 * once. The caller that waits for the stage before handing over more (the push API answers only then) is held
 * to the pace of the loops instead of queueing tasks on them without bound.
 *
 * <p>Not thread-safe: one instance per delivery, filled with {@link #add} and ended with {@link #send}.
 */
final class Fanout {

    private final LoopFlusher flusher;
    private EventLoop onlyLoop;
    private List<Session> onlyLoopSessions;
    private Map<EventLoop, List<Session>> byLoop;
    private int count;

    Fanout(LoopFlusher flusher) {
        this.flusher = flusher;
    }

    /** Adds a session if its connection is open; returns whether it was. */
    boolean add(Session session) {
        if (!session.channel().isActive()) {
            return false;
        }
        EventLoop loop = session.channel().eventLoop();
        if (onlyLoop == null) {
            onlyLoop = loop;
            onlyLoopSessions = new ArrayList<>();
        }
        if (loop == onlyLoop) {
            onlyLoopSessions.add(session);
        } else {
            if (byLoop == null) {
                byLoop = new IdentityHashMap<>();
            }
            byLoop.computeIfAbsent(loop, l -> new ArrayList<>()).add(session);
        }
        count++;
        return true;
    }

    /** The sessions added: the most connections the frame can be written to. */
    int count() {
        return count;
    }

    /**
     * Writes {@code wire} to every session added, on their event loops, and releases {@code wire} once all have
     * taken their duplicates. Takes ownership of {@code wire}. The stage completes once every loop has written
     * it, with how many connections it was written to (at most {@link #count()}).
     */
    CompletionStage<Integer> send(ByteBuf wire) {
        if (onlyLoop == null) {
            wire.release();
            return CompletableFuture.completedFuture(0);
        }
        Tally tally = new Tally(byLoop == null ? 1 : 1 + byLoop.size());
        if (byLoop != null) {
            for (Map.Entry<EventLoop, List<Session>> e : byLoop.entrySet()) {
                hand(e.getKey(), e.getValue(), wire.retain(), tally);
            }
        }
        hand(onlyLoop, onlyLoopSessions, wire, tally);
        return tally.done;
    }

    private void hand(EventLoop loop, List<Session> sessions, ByteBuf wire, Tally tally) {
        try {
            loop.execute(() -> write(sessions, wire, tally));
        } catch (RuntimeException rejected) {
            // The loop is shutting down: its connections are closing and will not take the frame.
            wire.release();
            tally.loopDone(0);
        }
    }

    /** One loop's task: writes to its sessions that are still open, then counts its share. */
    private void write(List<Session> sessions, ByteBuf wire, Tally tally) {
        int written = 0;
        try {
            for (int i = 0, n = sessions.size(); i < n; i++) {
                // On the channel's loop, so the state cannot change between its check and the write.
                if (sessions.get(i).writeWire(wire, flusher)) {
                    written++;
                }
            }
        } finally {
            wire.release();
            tally.loopDone(written);
        }
    }

    /** What the loops of one delivery wrote; completes {@link #done} when the last of them has counted. */
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
