package io.herald.route.http;

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
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * POSTs to other HTTP/1.1 servers (other nodes; backends) over pooled keep-alive connections, over TLS where it is
 * built with one, one pool per {@code host:port}, on the event loops the node lends it: no thread of its own. Every
 * request is bounded by the timeout, from the call: waiting for a pooled connection or connecting, and waiting for
 * the whole answer. One request is in flight per connection. Thread-safe; answers complete on the connection's event
 * loop.
 */
public final class HttpClient implements AutoCloseable {

    /**
     * A whole answer.
     *
     * @param status the HTTP status code
     * @param body   the body's bytes
     */
    public record Answer(int status, byte[] body) {
    }

    /** The server answered with bytes that are not an HTTP response, or with one larger than the client takes. */
    public static final class MalformedAnswerException extends IOException {
        MalformedAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What starts the address of a server that speaks TLS, {@code https://host:port}, where an address may name
     * either (a node's advertised API address); {@code host:port} alone is plain HTTP.
     */
    public static final String TLS_PREFIX = "https://";

    private final long timeoutMillis;
    private final boolean tls;
    private final AbstractChannelPoolMap<InetSocketAddress, FixedChannelPool> pools;

    /**
     * A client of plain HTTP servers.
     *
     * @param transport             the node's event loops and socket type
     * @param timeout               the bound on one request, from the call to the last byte of its answer
     * @param connectionsPerAddress the most pooled connections to one server; more requests wait for one
     * @param maxAnswerBytes        the largest answer body taken; a larger one fails the request
     */
    public HttpClient(ClientTransport transport, Duration timeout, int connectionsPerAddress, int maxAnswerBytes) {
        this(transport, timeout, connectionsPerAddress, maxAnswerBytes, Optional.empty());
    }

    /**
     * A client of HTTP servers, over TLS where {@code tls} is given: every connection then checks the server's
     * certificate against {@code tls}'s trust and the host it was asked for (as {@code https://} does).
     */
    public HttpClient(ClientTransport transport, Duration timeout, int connectionsPerAddress, int maxAnswerBytes,
                      Optional<SslContext> tls) {
        this.timeoutMillis = timeout.toMillis();
        this.tls = tls.isPresent();
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
                        tls.ifPresent(context -> ch.pipeline().addLast(tlsHandler(context, ch, address)));
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(maxAnswerBytes))
                                .addLast(new AnswerHandler());
                    }
                }, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL, timeoutMillis,
                        connectionsPerAddress, Integer.MAX_VALUE);
            }
        };
    }

    /**
     * POSTs {@code body} to {@code path} on {@code address} ({@code host:port}; {@code https://host:port} on a client
     * built with TLS) with {@code headers} (the client sets {@code Host} and {@code Content-Length}); takes ownership
     * of {@code body}. Completes with the answer, whatever its status, or exceptionally:
     * {@link java.net.ConnectException} where the server refused the connection, {@link TimeoutException} past the
     * timeout, {@link IOException} where the connection broke or the answer was not HTTP.
     */
    public CompletableFuture<Answer> post(String address, String path, HttpHeaders headers, ByteBuf body) {
        return post(address, path, headers, body, 0);
    }

    /**
     * The same, waiting {@code extraMillis} longer than the client's timeout for the answer: for a request the
     * server is known to hold on purpose (a relayed push whose acks are awaited).
     */
    public CompletableFuture<Answer> post(String address, String path, HttpHeaders headers, ByteBuf body,
                                          long extraMillis) {
        CompletableFuture<Answer> result = new CompletableFuture<>();
        ChannelPool pool;
        try {
            if (isTls(address) && !tls) {
                throw new IllegalArgumentException("address '" + address + "' (expected: host:port, on a client "
                        + "without TLS)");
            }
            pool = pools.get(parse(address));
        } catch (IllegalArgumentException e) {
            body.release();
            return CompletableFuture.failedFuture(e);
        }
        long boundMillis = timeoutMillis + extraMillis;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                body.release();
                result.completeExceptionally(acquired.cause());
                return;
            }
            // One bound from the call: the answer gets what waiting for the connection left of it.
            long answerMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (answerMillis <= 0) {
                pool.release(acquired.getNow());
                body.release();
                result.completeExceptionally(new TimeoutException("no connection to " + address + " within "
                        + boundMillis + "ms"));
                return;
            }
            send(pool, acquired.getNow(), address, path, headers, body, answerMillis, result);
        });
        return result;
    }

    private static void send(ChannelPool pool, Channel ch, String address, String path, HttpHeaders headers,
                             ByteBuf body, long answerMillis, CompletableFuture<Answer> result) {
        ch.pipeline().get(AnswerHandler.class).expect(result);
        ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
            if (result.completeExceptionally(new TimeoutException("no answer from " + address + " within "
                    + answerMillis + "ms"))) {
                ch.close();
            }
        }, answerMillis, TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> {
            timer.cancel(false);
            pool.release(ch);
        });
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
        request.headers().set(headers)
                .set(HttpHeaderNames.HOST, hostPort(address))
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ch.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                result.completeExceptionally(written.cause());
                ch.close();
            }
        });
    }

    /**
     * A TLS handler for a connection to {@code address} that checks the server's name against its certificate, and
     * sends it (SNI), as {@code https://} does.
     */
    public static SslHandler tlsHandler(SslContext context, Channel ch, InetSocketAddress address) {
        SslHandler handler = context.newHandler(ch.alloc(), address.getHostString(), address.getPort());
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        handler.engine().setSSLParameters(parameters);
        return handler;
    }

    /** Whether {@code address} is {@code https://host:port}: its server speaks TLS. */
    public static boolean isTls(String address) {
        return address.startsWith(TLS_PREFIX);
    }

    /** {@code host:port} of {@code address}, without the {@code https://} it may start with: its {@code Host}. */
    public static String hostPort(String address) {
        return isTls(address) ? address.substring(TLS_PREFIX.length()) : address;
    }

    /**
     * The unresolved socket address of {@code host:port} or {@code https://host:port}.
     *
     * @throws IllegalArgumentException where it is neither
     */
    public static InetSocketAddress parse(String address) {
        address = hostPort(address);
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address '" + address + "' (expected: host:port)");
        }
        try {
            return InetSocketAddress.createUnresolved(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("address '" + address + "' (expected: host:port)", e);
        }
    }

    @Override
    public void close() {
        pools.close();
    }

    /** Completes the one request in flight on its connection with the answer. Built per connection. */
    private static final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private CompletableFuture<Answer> pending;

        void expect(CompletableFuture<Answer> result) {
            pending = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<Answer> result = pending;
            pending = null;
            if (result == null) {
                return;
            }
            if (response.decoderResult().isFailure()) {
                result.completeExceptionally(new MalformedAnswerException("malformed answer: "
                        + response.decoderResult().cause(), response.decoderResult().cause()));
                ctx.close();
                return;
            }
            if (!HttpUtil.isKeepAlive(response)) {
                // Closed before the pool takes the connection back, so that no later request is written to it.
                ctx.close();
            }
            result.complete(new Answer(response.status().code(), ByteBufUtil.getBytes(response.content())));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IOException("connection closed before the answer"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The aggregator throws a DecoderException (TooLongFrameException) for an answer over the limit; TLS
            // wraps a refused certificate or a broken session in one too, which is a connection that failed.
            if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
                fail(cause.getCause());
            } else {
                fail(cause instanceof DecoderException ? new MalformedAnswerException(cause.toString(), cause) : cause);
            }
            ctx.close();
        }

        private void fail(Throwable cause) {
            if (pending != null) {
                CompletableFuture<Answer> result = pending;
                pending = null;
                result.completeExceptionally(cause);
            }
        }
    }
}
