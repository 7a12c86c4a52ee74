package io.herald.gateway.events;

import io.herald.route.http.HttpClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * POSTs the node's events (receipts; connection events) to {@code --events} as {@code {"events":[…]}}: batched
 * (at most {@link #MAX_BATCH} events, sent at most {@link #LINGER_MILLIS} after the first of them was queued),
 * one request at a time so that events leave in the order they happened, and at least once: a batch that failed
 * (unreachable, timed out, or not answered 2xx) is sent again after a backoff that doubles up to
 * {@link #MAX_BACKOFF_MILLIS}. Memory is bounded: past {@link #MAX_QUEUED} waiting events (besides the batch in
 * flight) the oldest are dropped, counted and logged once per burst; nothing that happens on a connection ever
 * waits for this.
 *
 * <p>{@link #publish} may be called from any thread; everything else runs on the sink's own event loop.
 */
public final class EventSink {

    private static final Logger log = LoggerFactory.getLogger(EventSink.class);

    static final int MAX_BATCH = 100;
    static final long LINGER_MILLIS = 50;
    static final int MAX_QUEUED = 100_000;
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;

    private final HttpClient http;
    private final String address;
    private final String path;
    private final HttpHeaders headers;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final int maxQueued;
    /** The events waiting, oldest first; the batch in flight is not among them. */
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** The batch being sent, or waiting to be sent again; empty where none. */
    private final List<byte[]> batch = new ArrayList<>(MAX_BATCH);
    private final List<CompletableFuture<Void>> drainWaiters = new ArrayList<>();
    private final LongAdder droppedTotal = new LongAdder();
    private boolean lingering;
    private boolean inFlight;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private long dropped;
    private long failedBatches;
    private boolean failing;

    /**
     * @param url    where events go: {@code http://host:port/path}
     * @param secret sent as {@code Authorization: Bearer}, where set, so the backend knows the call is the node's
     */
    public EventSink(HttpClient http, URI url, Optional<String> secret, EventLoop loop, ByteBufAllocator alloc) {
        this(http, url, secret, loop, alloc, MAX_QUEUED);
    }

    /** The same, keeping at most {@code maxQueued} events waiting (besides the batch in flight). */
    EventSink(HttpClient http, URI url, Optional<String> secret, EventLoop loop, ByteBufAllocator alloc,
              int maxQueued) {
        this.maxQueued = maxQueued;
        this.http = http;
        this.address = url.getHost() + ":" + (url.getPort() < 0 ? 80 : url.getPort());
        this.path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        this.headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        secret.ifPresent(s -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + s));
        this.loop = loop;
        this.alloc = alloc;
    }

    /** Queues one event, its JSON object's bytes. Any thread; never blocks. */
    public void publish(byte[] event) {
        loop.execute(() -> queue(event));
    }

    /** How many events were dropped since the node started, the oldest first, because too many waited. */
    public long dropped() {
        return droppedTotal.sum();
    }

    /**
     * Completes once every event published before the call has reached the backend: at once where none waits, never
     * where the backend stays unreachable (the caller bounds the wait). Any thread.
     */
    public CompletableFuture<Void> drained() {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        loop.execute(() -> {
            if (queue.isEmpty() && batch.isEmpty()) {
                drained.complete(null);
            } else {
                drainWaiters.add(drained);
                send();
            }
        });
        return drained;
    }

    private void queue(byte[] event) {
        queue.addLast(event);
        dropPastBound();
        flushSoon();
    }

    private void dropPastBound() {
        while (queue.size() > maxQueued) {
            queue.pollFirst();
            droppedTotal.increment();
            if (dropped++ == 0) {
                log.warn("Events to {} pile up past {}: dropping the oldest until the backend takes them",
                        address + path, maxQueued);
            }
        }
    }

    /** Sends at once where a whole batch waits, else once the first waiting event has lingered. */
    private void flushSoon() {
        if (inFlight || queue.isEmpty()) {
            return;
        }
        if (queue.size() >= MAX_BATCH) {
            send();
        } else if (!lingering) {
            lingering = true;
            loop.schedule(() -> {
                lingering = false;
                send();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void send() {
        if (inFlight) {
            return;
        }
        // A batch that failed goes again as it was, before anything queued after it.
        if (batch.isEmpty()) {
            while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        inFlight = true;
        http.post(address, path, headers, body(batch)).whenCompleteAsync((answer, e) -> {
            inFlight = false;
            if (e == null && answer.status() / 100 == 2) {
                batch.clear();
                succeeded();
                if (queue.isEmpty()) {
                    drainWaiters.forEach(waiter -> waiter.complete(null));
                    drainWaiters.clear();
                } else {
                    flushSoon();
                }
                return;
            }
            failed(e != null ? e.toString() : "answered " + answer.status());
            inFlight = true;
            loop.schedule(() -> {
                inFlight = false;
                send();
            }, backoffMillis, TimeUnit.MILLISECONDS);
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        }, loop);
    }

    private ByteBuf body(List<byte[]> batch) {
        int size = 16;
        for (byte[] event : batch) {
            size += event.length + 1;
        }
        ByteBuf body = alloc.buffer(size);
        body.writeCharSequence("{\"events\":[", StandardCharsets.US_ASCII);
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.writeByte(',');
            }
            body.writeBytes(batch.get(i));
        }
        body.writeCharSequence("]}", StandardCharsets.US_ASCII);
        return body;
    }

    private void succeeded() {
        backoffMillis = FIRST_BACKOFF_MILLIS;
        if (failing) {
            failing = false;
            log.info("Events reach {} again, after {} failed batches; {} events were dropped meanwhile",
                    address + path, failedBatches, dropped);
            failedBatches = 0;
            dropped = 0;
        }
    }

    private void failed(String why) {
        failedBatches++;
        if (!failing) {
            failing = true;
            log.warn("Events to {} failed ({}); retrying with backoff, events keep queueing", address + path, why);
        }
    }
}
