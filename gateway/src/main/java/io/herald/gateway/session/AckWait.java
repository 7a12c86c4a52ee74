package io.herald.gateway.session;

import io.herald.route.Delivered;
import io.netty.channel.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The acks one push awaits on this node ({@code "await":"ack"}): each connection it was written to registers it,
 * and acks it when its client acks the push; {@link #result} completes once every connection it was written to
 * has acked, or at the timeout, with how many did. Thread-safe: connections ack on their own loops.
 */
final class AckWait {

    private final AtomicInteger acked = new AtomicInteger();
    private final CompletableFuture<Delivered> result = new CompletableFuture<>();
    private volatile int written = -1;

    /**
     * Starts waiting once the push was written to {@code writtenTo} connections; the timeout runs on
     * {@code loop}.
     */
    CompletionStage<Delivered> await(int writtenTo, long timeoutMillis, EventLoop loop) {
        written = writtenTo;
        if (!completeIfDone() && !result.isDone()) {
            loop.schedule(() -> result.complete(new Delivered(writtenTo, acked.get())), timeoutMillis,
                    TimeUnit.MILLISECONDS);
        }
        return result;
    }

    /** One connection acked the push. */
    void ack() {
        acked.incrementAndGet();
        completeIfDone();
    }

    private boolean completeIfDone() {
        int w = written;
        int a = acked.get();
        return w >= 0 && a >= w && result.complete(new Delivered(w, a));
    }
}
