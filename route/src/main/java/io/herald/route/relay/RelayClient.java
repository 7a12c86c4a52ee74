package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.WireException;
import io.herald.route.ClientTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.AbstractChannelPoolMap;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends relay requests to other nodes over pooled keep-alive HTTP/1.1 connections, one pool per node address,
 * on the node's own event loops. Every request is bounded by the relay timeout: connecting, waiting for a
 * pooled connection and waiting for the answer. Thread-safe.
 */
public final class RelayClient implements AutoCloseable {

    public static final String PATH = "/internal/relay";

    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** Hears how relays to each address fare, to mark unreachable nodes dead and to log once per outage. */
    public interface Listener {
        void failed(String address, Throwable cause);

        void succeeded(String address);
    }

    private final Json json;
    private final ClientTransport transport;
    private final Listener listener;
    private final java.util.Map<String, NodeRelay> relays = new java.util.concurrent.ConcurrentHashMap<>();
    private final String authorization;
    private final long timeoutMillis;
    private final AbstractChannelPoolMap<InetSocketAddress, FixedChannelPool> pools;

    public RelayClient(ClientTransport transport, Json json, String clusterSecret, Duration timeout,
                       int connectionsPerNode, Listener listener) {
        this.json = json;
        this.transport = transport;
        this.listener = listener;
        this.authorization = "Bearer " + clusterSecret;
        this.timeoutMillis = timeout.toMillis();
        Bootstrap bootstrap = new Bootstrap()
                .group(transport.loops())
                .channel(transport.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        this.pools = new AbstractChannelPoolMap<>() {
            @Override
            protected FixedChannelPool newPool(InetSocketAddress address) {
                return new FixedChannelPool(bootstrap.clone().remoteAddress(address), new AbstractChannelPoolHandler() {
                    @Override
                    public void channelCreated(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                                .addLast(new ResponseHandler());
                    }
                }, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL, timeoutMillis,
                        connectionsPerNode, Integer.MAX_VALUE);
            }
        };
    }

    /**
     * Queues an operation for the node at {@code address} ({@code host:port}); operations queued together go in
     * one request. Completes with the operation's count, or 0 where the relay failed (the listener hears why).
     */
    public CompletableFuture<Integer> submit(String address, RelayOp op) {
        return relays.computeIfAbsent(address, a -> new NodeRelay(a, this, transport.loops().next(),
                io.netty.buffer.PooledByteBufAllocator.DEFAULT, e -> listener.failed(a, e),
                () -> listener.succeeded(a))).submit(op);
    }

    /**
     * Posts a relay request to {@code address} ({@code host:port}); takes ownership of {@code body}. Completes
     * with one count per operation, or exceptionally: {@link java.net.ConnectException} where the node refused
     * the connection, {@link TimeoutException} past the relay timeout.
     */
    CompletableFuture<List<Integer>> send(String address, ByteBuf body, int ops) {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        ChannelPool pool;
        try {
            pool = pools.get(parse(address));
        } catch (IllegalArgumentException e) {
            body.release();
            return CompletableFuture.failedFuture(e);
        }
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                body.release();
                result.completeExceptionally(acquired.cause());
                return;
            }
            Channel ch = acquired.getNow();
            ResponseHandler handler = ch.pipeline().get(ResponseHandler.class);
            handler.expect(result, ops);
            io.netty.util.concurrent.ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
                if (result.completeExceptionally(new TimeoutException("no answer from " + address + " within "
                        + timeoutMillis + "ms"))) {
                    ch.close();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> {
                timer.cancel(false);
                pool.release(ch);
            });
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PATH, body);
            request.headers()
                    .set(HttpHeaderNames.HOST, address)
                    .set(HttpHeaderNames.AUTHORIZATION, authorization)
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ch.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    result.completeExceptionally(written.cause());
                    ch.close();
                }
            });
        });
        return result;
    }

    private static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("node address '" + address + "' (expected: host:port)");
        }
        return InetSocketAddress.createUnresolved(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
    }

    @Override
    public void close() {
        pools.close();
    }

    /** Completes the one request in flight on its connection with the answer. Built per connection. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private CompletableFuture<List<Integer>> pending;
        private int ops;

        void expect(CompletableFuture<List<Integer>> result, int expectedOps) {
            pending = result;
            ops = expectedOps;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<List<Integer>> result = pending;
            pending = null;
            if (result == null) {
                return;
            }
            byte[] body = ByteBufUtil.getBytes(response.content());
            if (!HttpResponseStatus.OK.equals(response.status())) {
                result.completeExceptionally(new IOException("relay answered " + response.status()));
                return;
            }
            try {
                result.complete(RelayCodec.results(json, body, ops));
            } catch (WireException | RuntimeException e) {
                result.completeExceptionally(new IOException("malformed relay answer: " + e.getMessage()));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IOException("relay connection closed"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
            ctx.close();
        }

        private void fail(Throwable cause) {
            if (pending != null) {
                pending.completeExceptionally(cause);
                pending = null;
            }
        }
    }
}
