package io.herald.route.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server on 127.0.0.1 that records every request and answers as the test says: with a status
 * and body, with raw bytes that are not HTTP, or not at all. Thread-safe.
 */
public final class TestHttpServer implements AutoCloseable {

    /** A request as the server read it; {@code headers} by lower-case name, the last of a repeated one. */
    public record Request(String method, String path, String authorization, String body,
                          Map<String, String> headers) {
        /** A header's value, or {@code null}; the name in any case. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What the server does with a request. */
    public sealed interface Answer {
        /** Answers with this status and body (JSON, say). */
        record Http(int status, String body) implements Answer {
        }

        /** Answers with this status and body and {@code Connection: close}, then closes. */
        record HttpThenClose(int status, String body) implements Answer {
        }

        /** Writes these bytes instead of an HTTP response, then closes. */
        record Garbage(String bytes) implements Answer {
        }

        /** Never answers. */
        record Silence() implements Answer {
        }

        /** Answers once the test completes {@code answer}, from the thread that completes it. */
        record Later(CompletionStage<Http> answer) implements Answer {
        }

        /** Closes the connection without answering. */
        record Hangup() implements Answer {
        }
    }

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Channel> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Channel server;
    private volatile Function<Request, Answer> answers;

    public TestHttpServer(Function<Request, Answer> answers) throws InterruptedException {
        this(null, answers);
    }

    /** A server that speaks TLS with {@code tls} (a server context), or plain HTTP where it is {@code null}. */
    public TestHttpServer(SslContext tls, Function<Request, Answer> answers) throws InterruptedException {
        this.answers = answers;
        this.server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        accepted.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Recorder());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** Changes how the server answers from now on. */
    public void answer(Function<Request, Answer> answers) {
        this.answers = answers;
    }

    public String address() {
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        return "127.0.0.1:" + address.getPort();
    }

    /** The requests read so far, oldest first; taken from the server as they are read. */
    public BlockingQueue<Request> requests() {
        return requests;
    }

    /** How many connections clients opened. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        accepted.forEach(Channel::close);
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void respond(ChannelHandlerContext ctx, Answer.Http http) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(http.status()), Unpooled.copiedBuffer(http.body(), StandardCharsets.UTF_8));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response);
    }

    private final class Recorder extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            Map<String, String> headers = new HashMap<>();
            msg.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
            Request request = new Request(msg.method().name(), msg.uri(),
                    msg.headers().get(HttpHeaderNames.AUTHORIZATION),
                    new String(ByteBufUtil.getBytes(msg.content()), StandardCharsets.UTF_8), Map.copyOf(headers));
            requests.add(request);
            Answer answer = answers.apply(request);
            if (answer instanceof Answer.Http http) {
                respond(ctx, http);
            } else if (answer instanceof Answer.HttpThenClose http) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(http.status()),
                        Unpooled.copiedBuffer(http.body(), StandardCharsets.UTF_8));
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                        .set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else if (answer instanceof Answer.Later later) {
                later.answer().thenAccept(http -> respond(ctx, http));
            } else if (answer instanceof Answer.Garbage garbage) {
                ctx.pipeline().remove(HttpServerCodec.class);
                ctx.writeAndFlush(Unpooled.copiedBuffer(garbage.bytes(), StandardCharsets.US_ASCII))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (answer instanceof Answer.Hangup) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A client that refused the certificate, or hung up: nothing to answer.
            ctx.close();
        }
    }
}
