package io.herald.gateway.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one place where the cluster tests poll: for what a node does on its own clock, which no event tells
 * the test about (a heartbeat that notices Redis went away or came back, a connection count written at the
 * next heartbeat, a server finishing the teardown of a connection whose close the client already saw). A
 * scheduler thread asks the probe every {@value #INTERVAL_MILLIS} ms; the test thread waits on a future, with
 * a bound. Thread-safe.
 */
public final class Eventually {

    /** The bound on a wait: several heartbeats (every third of the nodes' 2 s TTL) and then some. */
    static final Duration BOUND = Duration.ofSeconds(5);

    private static final long INTERVAL_MILLIS = 20;

    private static final ScheduledExecutorService PROBES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eventually-probe");
        t.setDaemon(true);
        return t;
    });

    private Eventually() {
    }

    /**
     * Asks {@code probe} until {@code done} holds for its answer, and returns that answer; fails the test with
     * the last answer where none does within {@link #BOUND}. A probe that throws fails the test at once.
     */
    public static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<T> last = new AtomicReference<>();
        ScheduledFuture<?> probing = PROBES.scheduleWithFixedDelay(() -> {
            try {
                T answer = probe.get();
                last.set(answer);
                if (done.test(answer)) {
                    result.complete(answer);
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        try {
            return result.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not " + what + " within " + BOUND + "; last answer: " + last.get());
        } catch (ExecutionException e) {
            throw new AssertionError("probing for " + what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } finally {
            probing.cancel(false);
        }
    }
}
