package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.WireException;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.herald.route.http.HttpClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The relay to one node. Operations submitted from any thread queue up; the first one schedules a flush on
 * this relay's event loop, and the flush sends everything queued by then in one request. So operations that
 * arrive together travel together, and one that arrives alone waits for no timer.
 */
final class NodeRelay {

    private record Pending(RelayOp op, CompletableFuture<Delivered> result) {
    }

    private final String address;
    private final HttpClient http;
    private final HttpHeaders headers;
    private final Json json;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final RelayClient.Listener listener;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    NodeRelay(String address, HttpClient http, HttpHeaders headers, Json json, EventLoop loop, ByteBufAllocator alloc,
              RelayClient.Listener listener) {
        this.address = address;
        this.http = http;
        this.headers = headers;
        this.json = json;
        this.loop = loop;
        this.alloc = alloc;
        this.listener = listener;
    }

    /**
     * Queues an operation; completes with what it did, or nothing where the relay failed. A push whose acks are
     * awaited travels alone, with the await added to its timeout, so that its wait holds up no other operation.
     */
    CompletableFuture<Delivered> submit(RelayOp op) {
        CompletableFuture<Delivered> result = new CompletableFuture<>();
        if (op.delivery() != null && op.delivery().acks().awaited()) {
            loop.execute(() -> send(List.of(new Pending(op, result)), op.delivery().acks().awaitMillis()));
            return result;
        }
        queue.add(new Pending(op, result));
        if (flushScheduled.compareAndSet(false, true)) {
            loop.execute(this::flush);
        }
        return result;
    }

    private void flush() {
        flushScheduled.set(false);
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while ((next = queue.poll()) != null) {
            batch.add(next);
        }
        if (!batch.isEmpty()) {
            send(batch, 0);
        }
    }

    private void send(List<Pending> batch, long extraMillis) {
        List<RelayOp> ops = new ArrayList<>(batch.size());
        int size = 16;
        for (Pending pending : batch) {
            ops.add(pending.op());
            Delivery delivery = pending.op().delivery();
            size += 128 + (delivery == null ? 0 : delivery.frame().readableBytes());
        }
        ByteBuf body = alloc.buffer(size);
        RelayCodec.encode(ops, body);
        http.post(address, RelayClient.PATH, headers, body, extraMillis)
                .thenApply(answer -> results(answer, ops.size()))
                .whenComplete((results, e) -> {
                    if (e != null) {
                        listener.failed(address, e);
                        batch.forEach(pending -> pending.result().complete(Delivered.NONE));
                        return;
                    }
                    listener.succeeded(address);
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().complete(results.get(i));
                    }
                });
    }

    private List<Delivered> results(HttpClient.Answer answer, int ops) {
        if (answer.status() != 200) {
            throw new IllegalStateException(new IOException("relay answered " + answer.status()));
        }
        try {
            return RelayCodec.results(json, answer.body(), ops);
        } catch (WireException e) {
            throw new IllegalStateException(new IOException("malformed relay answer: " + e.getMessage()));
        }
    }
}
