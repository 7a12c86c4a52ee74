package io.herald.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands one shared wire frame to many sessions with one task per event loop rather than one per connection: a
 * broadcast to 10,000 connections on two loops costs two task hand-offs and two wake-ups, not 10,000. Each task
 * writes the frame to each of its loop's connections as a retained duplicate (no copy, no allocation: pooled
 * duplicates), and the {@link LoopFlusher} flushes each once the loop has run its queued tasks. Always through {@link EventLoop#execute}, even from the loop itself, so that
 * deliveries to one connection keep the order they were handed over in.
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

    /** The sessions added: the connections the frame is handed to. */
    int count() {
        return count;
    }

    /**
     * Writes {@code wire} to every session added, on their event loops, and releases {@code wire} once all have
     * taken their duplicates. Takes ownership of {@code wire}. Returns {@link #count()}.
     */
    int send(ByteBuf wire) {
        if (onlyLoop == null) {
            wire.release();
            return 0;
        }
        if (byLoop != null) {
            for (Map.Entry<EventLoop, List<Session>> e : byLoop.entrySet()) {
                hand(e.getKey(), e.getValue(), wire.retain(), flusher);
            }
        }
        hand(onlyLoop, onlyLoopSessions, wire, flusher);
        return count;
    }

    private static void hand(EventLoop loop, List<Session> sessions, ByteBuf wire, LoopFlusher flusher) {
        try {
            loop.execute(() -> {
                try {
                    for (int i = 0, n = sessions.size(); i < n; i++) {
                        sessions.get(i).writeWire(wire, flusher);
                    }
                } finally {
                    wire.release();
                }
            });
        } catch (RuntimeException rejected) {
            // The loop is shutting down: its connections are closing and will not take the frame.
            wire.release();
        }
    }
}
