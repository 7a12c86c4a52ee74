package io.herald.route.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The relay to one node. Operations submitted from any thread queue up; the first one schedules a flush on
 * this relay's event loop, and the flush sends everything queued by then in one request. So operations that
 * arrive together travel together, and one that arrives alone waits for no timer.
 */
final class NodeRelay {

    private record Pending(RelayOp op, CompletableFuture<Integer> result) {
    }

    private final String address;
    private final RelayClient client;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final Consumer<Throwable> onFailure;
    private final Runnable onSuccess;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    NodeRelay(String address, RelayClient client, EventLoop loop, ByteBufAllocator alloc,
              Consumer<Throwable> onFailure, Runnable onSuccess) {
        this.address = address;
        this.client = client;
        this.loop = loop;
        this.alloc = alloc;
        this.onFailure = onFailure;
        this.onSuccess = onSuccess;
    }

    String address() {
        return address;
    }

    /** Queues an operation; completes with its count, or 0 where the relay failed. */
    CompletableFuture<Integer> submit(RelayOp op) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
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
        if (batch.isEmpty()) {
            return;
        }
        List<RelayOp> ops = new ArrayList<>(batch.size());
        int size = 16;
        for (Pending pending : batch) {
            ops.add(pending.op());
            size += 64 + (pending.op().frame() == null ? 0 : pending.op().frame().readableBytes());
        }
        ByteBuf body = alloc.buffer(size);
        RelayCodec.encode(ops, body);
        client.send(address, body, ops.size()).whenComplete((results, e) -> {
            if (e != null) {
                onFailure.accept(e);
                batch.forEach(pending -> pending.result().complete(0));
                return;
            }
            onSuccess.run();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        });
    }
}
