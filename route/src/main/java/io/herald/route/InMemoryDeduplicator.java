package io.herald.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The deduplicator of a node that runs alone. Every id is kept for the window, and at most {@code maxIds} of them:
 * since the window is the same for all, ids expire in the order they were seen, so a queue in arrival order lets
 * each call drop the expired ones at its head, with no timer and no scan, and drop the oldest first where there
 * are too many. Ids forgotten before their window ends are logged, once a minute at most: a retry of one of them
 * would be delivered again. Each id costs about 100 bytes plus its characters. Thread-safe; calls are short and
 * serialized.
 */
public final class InMemoryDeduplicator implements Deduplicator {

    private static final Logger log = LoggerFactory.getLogger(InMemoryDeduplicator.class);
    private static final CompletionStage<Boolean> FIRST = CompletableFuture.completedFuture(true);
    private static final CompletionStage<Boolean> REPEAT = CompletableFuture.completedFuture(false);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long windowNanos;
    private final int maxIds;
    private final LongSupplier nanoClock;
    private final Map<String, Seen> seen = new HashMap<>();
    private final ArrayDeque<Seen> arrivals = new ArrayDeque<>();
    private long forgottenEarly;
    private long lastLog;
    private boolean logged;

    private record Seen(String id, long expiresAt) {
    }

    public InMemoryDeduplicator(Duration window, int maxIds) {
        this(window, maxIds, System::nanoTime);
    }

    /** With the clock given, for tests that move time themselves. */
    public InMemoryDeduplicator(Duration window, int maxIds, LongSupplier nanoClock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        if (maxIds < 1) {
            throw new IllegalArgumentException("maxIds: " + maxIds + " (expected: >= 1)");
        }
        this.windowNanos = window.toNanos();
        this.maxIds = maxIds;
        this.nanoClock = nanoClock;
    }

    @Override
    public CompletionStage<Boolean> firstSeen(String messageId) {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            expire(now);
            if (seen.containsKey(messageId)) {
                return REPEAT;
            }
            if (arrivals.size() >= maxIds) {
                forget(arrivals.pollFirst());
                forgottenEarly++;
                logForgotten(now);
            }
            Seen entry = new Seen(messageId, now + windowNanos);
            seen.put(messageId, entry);
            arrivals.addLast(entry);
            return FIRST;
        }
    }

    private void expire(long now) {
        Seen head;
        while ((head = arrivals.peekFirst()) != null && now - head.expiresAt() >= 0) {
            forget(arrivals.pollFirst());
        }
    }

    private void forget(Seen entry) {
        seen.remove(entry.id(), entry);
    }

    private void logForgotten(long now) {
        if (!logged || now - lastLog >= LOG_EVERY_NANOS) {
            log.warn("Push ids reached their bound of {}: forgot {} before their window of {} ended (a retry of one "
                    + "of them would be delivered again; raise --dedupe-max-ids to remember more)",
                    maxIds, forgottenEarly, Duration.ofNanos(windowNanos));
            logged = true;
            lastLog = now;
            forgottenEarly = 0;
        }
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        return seen.size();
    }
}
