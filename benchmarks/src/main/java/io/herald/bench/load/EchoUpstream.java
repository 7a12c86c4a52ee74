package io.herald.bench.load;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.codec.WireException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;

/**
 * The upstream of the {@code upstream} scenario, inside the bench process: an HTTP/1.1 server that answers each
 * command the node forwards ({@code {"event":"message",…,"data":{"t","id","room"}}}) with 200 and the command's data
 * as the reply's, and a push of the same data to the room's group under the command's message id:
 * {@code {"data":<data>,"push":[{"group":<room>,"id":<id>,"data":<data>}]}}. Anything else is 400. Keep-alive, as the
 * node's pooled client calls it. Its handler is stateless and shared; it runs on the given loops.
 */
public final class EchoUpstream implements AutoCloseable {

    private static final int MAX_BODY = 64 * 1024;

    private final Channel server;
    private final Handler handler;

    private EchoUpstream(Channel server, Handler handler) {
        this.server = server;
        this.handler = handler;
    }

    /**
     * Listens at {@code url}'s host and port (any path: every POST is a command).
     *
     * @throws LoadException where it cannot listen there
     */
    public static EchoUpstream start(URI url, EventLoopGroup loops, Transport transport, Json json)
            throws InterruptedException {
        Handler handler = new Handler(json);
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(transport.serverSocketChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler);
                    }
                });
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        var bound = bootstrap.bind(address).await();
        if (!bound.isSuccess()) {
            throw new LoadException("the echo upstream cannot listen at " + url + ": " + bound.cause());
        }
        return new EchoUpstream(bound.channel(), handler);
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** How many commands it answered 200. */
    public long answered() {
        return handler.answered();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }

    /** Answers each request; stateless but for its count. */
    @ChannelHandler.Sharable
    static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Json json;
        private final LongAdder answered = new LongAdder();

        Handler(Json json) {
            this.json = json;
        }

        long answered() {
            return answered.sum();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            ByteBuf answer;
            HttpResponseStatus status;
            try {
                answer = answer(json, ByteBufUtil.getBytes(request.content()), ctx.alloc());
                status = HttpResponseStatus.OK;
                answered.increment();
            } catch (WireException e) {
                answer = ctx.alloc().buffer();
                new JsonWriter(answer).raw("{\"msg\":").string(e.getMessage()).raw("}");
                status = HttpResponseStatus.BAD_REQUEST;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, answer);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /**
         * The answer to one forwarded command, {@code body}: its data as the reply's, pushed to its room.
         *
         * @throws WireException where the body is not a command whose data has {@code id} and {@code room}
         */
        static ByteBuf answer(Json json, byte[] body, ByteBufAllocator alloc) throws WireException {
            RawJson data = JsonObject.parse(json, body, 0, body.length).optRaw("data");
            if (data == null || data == RawJson.NULL) {
                throw WireException.missing("data");
            }
            JsonObject fields = JsonObject.parse(json, data);
            String room = fields.requireString("room");
            String id = fields.requireString("id");
            ByteBuf out = alloc.buffer(2 * data.length() + room.length() + id.length() + 64);
            new JsonWriter(out).raw("{\"data\":").value(data).raw(",\"push\":[{\"group\":").string(room)
                    .raw(",\"id\":").string(id).raw(",\"data\":").value(data).raw("}]}");
            return out;
        }
    }
}
