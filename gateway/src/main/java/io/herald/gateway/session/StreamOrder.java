package io.herald.gateway.session;

import io.herald.codec.StreamPosition;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Hands the pushes of a fan-out stream ({@code all}, a group's) to the connections' loops in seq order, once per
 * push for the whole node rather than once per connection.
 *
 * <h2>Why</h2>
 * Seqs are handed out by the stream store, but pushes then reach the node by different threads: two API loops, or
 * a relay and a local call, may hand seq 6 to the loops before seq 5. Every connection would then hold seq 6
 * until seq 5 arrives ({@link StreamCursors}), and for a broadcast that is ten thousand holds for one reordering.
 * Putting the node's hand-offs of one stream back in order first costs one lock and a map lookup per push, and
 * since each loop runs its tasks in the order they were handed over, the connections then see the stream in
 * order and hold nothing.
 *
 * <p>A push ahead of a gap waits at most {@link #WAIT_MILLIS} here (the missing one may have
 * gone to no connection of this node at all, or to another node only); past that it goes, and the connections
 * fill the gap from history if they need it. A push whose seq is behind goes at once. Streams of one user are
 * not ordered here: two pushes to one user at the same instant are rare, and the connection orders them.
 * Thread-safe.
 */
final class StreamOrder {

    /** How long a push ahead of a gap waits here for the missing one. */
    static final long WAIT_MILLIS = 100;

    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final EventExecutorGroup timers;
    private final Map<String, Order> byStream = new ConcurrentHashMap<>();

    /** One stream's next seq to hand over, and the hand-offs waiting for it. */
    private static final class Order {
        String epoch;
        long next = -1;
        long lastUsed;
        final TreeMap<Long, Waiting> waiting = new TreeMap<>();
        ScheduledFuture<?> timer;
    }

    private record Waiting(Supplier<CompletionStage<Delivered>> handOff, CompletableFuture<Delivered> result) {
    }

    /**
     * @param timers where the wait for a missing push is timed
     */
    StreamOrder(EventExecutorGroup timers) {
        this.timers = timers;
    }

    /**
     * Runs {@code handOff} (which hands {@code delivery} to the loops and completes when they wrote it) in its
     * stream's seq order; completes as the hand-off does. Pushes on no stream, or one whose seq is behind, go at
     * once.
     */
    CompletionStage<Delivered> inOrder(Delivery delivery, Supplier<CompletionStage<Delivered>> handOff) {
        StreamPosition position = delivery.position();
        if (position == null || delivery.stream() == null) {
            return handOff.get();
        }
        Order order = byStream.computeIfAbsent(delivery.stream(), s -> new Order());
        synchronized (order) {
            order.lastUsed = System.nanoTime();
            long seq = position.seq();
            if (order.next < 0 || !position.epoch().equals(order.epoch)) {
                order.epoch = position.epoch();
                order.next = seq;
            }
            if (seq > order.next) {
                CompletableFuture<Delivered> result = new CompletableFuture<>();
                order.waiting.put(seq, new Waiting(handOff, result));
                if (order.timer == null) {
                    order.timer = timers.schedule(() -> giveUp(order), WAIT_MILLIS, TimeUnit.MILLISECONDS);
                }
                return result;
            }
            CompletionStage<Delivered> done = handOff.get();
            if (seq == order.next) {
                order.next = seq + 1;
                drain(order);
            }
            return done;
        }
    }

    /** Hands over what waited for the seqs now reached; under the order's lock. */
    private static void drain(Order order) {
        Map.Entry<Long, Waiting> first;
        while ((first = order.waiting.firstEntry()) != null && first.getKey() <= order.next) {
            order.waiting.pollFirstEntry();
            run(first.getValue());
            order.next = Math.max(order.next, first.getKey() + 1);
        }
        if (order.waiting.isEmpty() && order.timer != null) {
            order.timer.cancel(false);
            order.timer = null;
        }
    }

    /** The missing push did not come in time: what waits goes, from the first that waits. */
    private void giveUp(Order order) {
        synchronized (order) {
            order.timer = null;
            if (!order.waiting.isEmpty()) {
                order.next = order.waiting.firstKey();
                drain(order);
            }
        }
    }

    private static void run(Waiting waiting) {
        CompletionStage<Delivered> handed;
        try {
            handed = waiting.handOff().get();
        } catch (RuntimeException e) {
            waiting.result().completeExceptionally(e);
            return;
        }
        handed.whenComplete((delivered, e) -> {
            if (e != null) {
                waiting.result().completeExceptionally(e);
            } else {
                waiting.result().complete(delivered);
            }
        });
    }

    /** Forgets the streams that had no push for a minute and wait for none; the node's housekeeping. */
    void forgetIdle() {
        long now = System.nanoTime();
        byStream.values().removeIf(order -> {
            synchronized (order) {
                return order.waiting.isEmpty() && now - order.lastUsed > IDLE_NANOS;
            }
        });
    }
}
