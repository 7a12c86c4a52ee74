package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.WireException;
import io.herald.route.ClientTransport;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.herald.route.http.HttpClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay to one node: operations submitted from any thread queue up and travel in few requests.
 *
 * <h2>Batching</h2>
 * The relay keeps at most {@code maxConnections} kept-alive connections to its node, each with one request in
 * flight, all on this relay's event loop. The first operation queued schedules a drain there; the drain sends
 * everything queued by then on a free connection, opening one where none is free and the bound allows. Where every
 * connection is busy, operations wait for the first answer, and the connection that brought it takes everything
 * queued meanwhile at once. So a push that arrives alone waits for no timer, and under load each request carries
 * the pushes of a whole round trip: the request, its answer and their syscalls are paid once per batch on both
 * nodes, not once per push. The connections, their requests and their answers live on one loop: no lock and no
 * hop between threads from a drain to the answer.
 *
 * <p>A push whose acks are awaited is held by its node for up to the await, so it travels alone, through the
 * node's pooled {@link HttpClient} with the await added to its timeout: it holds up no other operation.
 *
 * <h2>A connection the node closed</h2>
 * A kept-alive connection may be closed by the node just as a request leaves on it (its close is on the wire but
 * not yet read). A request that failed that way on a connection that had already been answered, before any answer
 * and not by its timeout, is sent once more on another connection, as HTTP clients do with a stale connection.
 */
final class NodeRelay implements RelayConnection.Owner {

    /** The most operations one request carries, and the frame bytes past which it takes no more. */
    private static final int MAX_OPS_PER_REQUEST = 512;
    private static final int MAX_FRAME_BYTES_PER_REQUEST = 256 * 1024;
    /** The largest answer taken: one count per operation. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private record Pending(RelayOp op, CompletableFuture<Delivered> result) {
    }

    /** A request sent: its operations and its encoded body, kept until the answer in case it must go again. */
    private record Sent(List<Pending> batch, ByteBuf body, boolean retried) {
    }

    private final String address;
    /** {@code host:port}: the requests' {@code Host}. */
    private final String host;
    /** The TLS of an {@code https://} node; {@code null} for a plain one. */
    private final SslContext tls;
    private final InetSocketAddress remote;
    private final HttpClient awaited;
    private final HttpHeaders headers;
    private final Json json;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final RelayClient.Listener listener;
    /** The relay client's count of requests sent, all nodes together (striped: each node's loop adds to it). */
    private final LongAdder requests;
    private final long timeoutMillis;
    private final int maxConnections;
    private final Bootstrap bootstrap;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    // The rest is touched on the loop only.
    private final ArrayDeque<RelayConnection> idle = new ArrayDeque<>();
    private final Map<RelayConnection, Sent> inFlight = new IdentityHashMap<>();
    private final ArrayDeque<Sent> retries = new ArrayDeque<>();
    private int open;
    private boolean closed;

    /**
     * @param address {@code host:port}, or {@code https://host:port} for a node whose API serves TLS
     * @param awaited the pooled client that reaches the address (with TLS for an {@code https://} one)
     * @param tls     the TLS of an {@code https://} address; {@code null} for a plain one
     */
    NodeRelay(String address, ClientTransport transport, EventLoop loop, HttpClient awaited, SslContext tls,
              HttpHeaders headers, Json json, ByteBufAllocator alloc, long timeoutMillis, int maxConnections,
              RelayClient.Listener listener, LongAdder requests) {
        this.address = address;
        this.requests = requests;
        this.host = HttpClient.hostPort(address);
        this.tls = tls;
        this.remote = HttpClient.parse(address);
        this.awaited = awaited;
        this.headers = headers;
        this.json = json;
        this.loop = loop;
        this.alloc = alloc;
        this.listener = listener;
        this.timeoutMillis = timeoutMillis;
        this.maxConnections = maxConnections;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .remoteAddress(remote);
    }

    /**
     * Queues an operation; completes with what it did, or nothing where the relay failed. Takes ownership of the
     * operation's frame.
     */
    CompletableFuture<Delivered> submit(RelayOp op) {
        CompletableFuture<Delivered> result = new CompletableFuture<>();
        if (op.delivery() != null && op.delivery().acks().awaited()) {
            sendAwaited(new Pending(op, result), op.delivery().acks().awaitMillis());
            return result;
        }
        queue.add(new Pending(op, result));
        if (drainScheduled.compareAndSet(false, true)) {
            execute(this::drain);
        }
        return result;
    }

    /** Runs a task on the loop; where the loop is gone (the node is stopping), fails what is queued. */
    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            fail(takeAll(), e);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        while (!queue.isEmpty() || !retries.isEmpty()) {
            if (closed) {
                fail(takeAll(), new IOException("relay closed"));
                return;
            }
            RelayConnection connection = idle.pollLast();
            while (connection != null && !connection.usable()) {
                // Closed by the node while idle: dropped here, counted out when its close event comes.
                connection = idle.pollLast();
            }
            if (connection == null) {
                if (open < maxConnections) {
                    connect();
                }
                return;
            }
            sendNext(connection);
        }
    }

    private void connect() {
        open++;
        RelayConnection connection = new RelayConnection(this);
        ChannelFuture connecting = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(HttpClient.tlsHandler(tls, ch, remote));
                }
                ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(MAX_ANSWER_BYTES))
                        .addLast(connection);
            }
        }).connect();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                open--;
                // The node refuses connections (or is unreachable): what waits for it fails now.
                failRetries(f.cause());
                fail(takeAll(), f.cause());
                return;
            }
            connection.opened(f.channel());
            if (closed) {
                connection.close();
                return;
            }
            ready(connection);
        });
    }

    /** A connection that is free: it takes what is queued, or waits for the next drain. */
    private void ready(RelayConnection connection) {
        if ((queue.isEmpty() && retries.isEmpty()) || closed) {
            idle.addLast(connection);
            return;
        }
        sendNext(connection);
    }

    /** Sends a request that must go again first, else what is queued. */
    private void sendNext(RelayConnection connection) {
        Sent retry = retries.poll();
        if (retry != null) {
            send(connection, retry);
            return;
        }
        List<Pending> batch = takeBatch();
        List<RelayOp> ops = ops(batch);
        ByteBuf body = alloc.buffer(estimate(ops));
        RelayCodec.encode(ops, body);
        send(connection, new Sent(batch, body, false));
    }

    private void send(RelayConnection connection, Sent sent) {
        requests.increment();
        inFlight.put(connection, sent);
        connection.send(host, RelayClient.PATH, headers, sent.body().retainedDuplicate(), timeoutMillis);
    }

    @Override
    public void answered(RelayConnection connection, int status, byte[] body) {
        Sent sent = inFlight.remove(connection);
        sent.body().release();
        complete(sent.batch(), status, body);
        ready(connection);
    }

    @Override
    public void failed(RelayConnection connection, Throwable cause, boolean stale) {
        open--;
        idle.remove(connection);
        Sent sent = inFlight.remove(connection);
        if (sent != null) {
            if (stale && !sent.retried() && !closed) {
                retries.add(new Sent(sent.batch(), sent.body(), true));
            } else {
                sent.body().release();
                fail(sent.batch(), cause);
            }
        }
        if ((!queue.isEmpty() || !retries.isEmpty()) && drainScheduled.compareAndSet(false, true)) {
            execute(this::drain);
        }
    }

    private void failRetries(Throwable cause) {
        Sent retry;
        while ((retry = retries.poll()) != null) {
            retry.body().release();
            fail(retry.batch(), cause);
        }
    }

    private void complete(List<Pending> batch, int status, byte[] body) {
        List<Delivered> results;
        try {
            results = results(status, body, batch.size());
        } catch (IOException e) {
            fail(batch, e);
            return;
        }
        listener.succeeded(address);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private void fail(List<Pending> batch, Throwable cause) {
        if (batch.isEmpty()) {
            return;
        }
        listener.failed(address, cause);
        batch.forEach(pending -> pending.result().complete(Delivered.NONE));
    }

    private List<Pending> takeBatch() {
        List<Pending> batch = new ArrayList<>();
        int frameBytes = 0;
        Pending next;
        while (batch.size() < MAX_OPS_PER_REQUEST && frameBytes < MAX_FRAME_BYTES_PER_REQUEST
                && (next = queue.poll()) != null) {
            batch.add(next);
            Delivery delivery = next.op().delivery();
            frameBytes += delivery == null ? 0 : delivery.frame().readableBytes();
        }
        return batch;
    }

    /** Everything queued, its frames released: for operations that will never be sent. */
    private List<Pending> takeAll() {
        List<Pending> all = new ArrayList<>();
        Pending next;
        while ((next = queue.poll()) != null) {
            RelayOp.release(next.op());
            all.add(next);
        }
        return all;
    }

    private void sendAwaited(Pending pending, long awaitMillis) {
        List<RelayOp> ops = List.of(pending.op());
        ByteBuf body = alloc.buffer(estimate(ops));
        RelayCodec.encode(ops, body);
        requests.increment();
        awaited.post(address, RelayClient.PATH, headers, body, awaitMillis).whenComplete((answer, e) -> {
            if (e != null) {
                fail(List.of(pending), e);
            } else {
                complete(List.of(pending), answer.status(), answer.body());
            }
        });
    }

    private static List<RelayOp> ops(List<Pending> batch) {
        List<RelayOp> ops = new ArrayList<>(batch.size());
        batch.forEach(pending -> ops.add(pending.op()));
        return ops;
    }

    private static int estimate(List<RelayOp> ops) {
        int size = 16;
        for (RelayOp op : ops) {
            size += 128 + (op.delivery() == null ? 0 : op.delivery().frame().readableBytes());
        }
        return size;
    }

    private List<Delivered> results(int status, byte[] body, int ops) throws IOException {
        if (status != 200) {
            throw new IOException("relay answered " + status);
        }
        try {
            return RelayCodec.results(json, body, ops);
        } catch (WireException e) {
            throw new IOException("malformed relay answer: " + e.getMessage());
        }
    }

    /** Closes the relay's connections; what is queued or in flight completes with nothing. */
    void close() {
        execute(() -> {
            closed = true;
            idle.forEach(RelayConnection::close);
            idle.clear();
            inFlight.forEach((connection, sent) -> {
                connection.close();
                sent.body().release();
                fail(sent.batch(), new IOException("relay closed"));
            });
            inFlight.clear();
            failRetries(new IOException("relay closed"));
            fail(takeAll(), new IOException("relay closed"));
        });
    }
}
