package io.herald.route;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The deduplicator of a node that runs alone. Every id is kept for exactly the window: since the window is
 * the same for all, ids expire in the order they were seen, so a queue in arrival order lets each call drop
 * the expired ones at its head, with no timer and no scan. Thread-safe; calls are short and serialized.
 */
public final class InMemoryDeduplicator implements Deduplicator {

    private static final CompletionStage<Boolean> FIRST = CompletableFuture.completedFuture(true);
    private static final CompletionStage<Boolean> REPEAT = CompletableFuture.completedFuture(false);

    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Long> expiries = new HashMap<>();
    private final ArrayDeque<Seen> arrivals = new ArrayDeque<>();

    private record Seen(String id, long expiresAt) {
    }

    public InMemoryDeduplicator(Duration window) {
        this(window, System::nanoTime);
    }

    /** With the clock given, for tests that move time themselves. */
    public InMemoryDeduplicator(Duration window, LongSupplier nanoClock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public CompletionStage<Boolean> firstSeen(String messageId) {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            expire(now);
            if (expiries.containsKey(messageId)) {
                return REPEAT;
            }
            long expiresAt = now + windowNanos;
            expiries.put(messageId, expiresAt);
            arrivals.addLast(new Seen(messageId, expiresAt));
            return FIRST;
        }
    }

    private void expire(long now) {
        Seen head;
        while ((head = arrivals.peekFirst()) != null && now - head.expiresAt() >= 0) {
            arrivals.pollFirst();
            expiries.remove(head.id(), head.expiresAt());
        }
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        return expiries.size();
    }
}
