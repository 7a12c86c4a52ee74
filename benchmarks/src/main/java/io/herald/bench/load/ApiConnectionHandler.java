package io.herald.bench.load;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.util.ArrayDeque;

/**
 * One keep-alive HTTP connection to the API (or to nchan's publisher location), with one request in flight at a
 * time, each to its push's path: it sends the pushes handed to it in order, or, once told to
 * {@linkplain #drawFrom draw} from a source, takes the next push from it as each answer comes back, until the
 * source is spent. Built per channel; everything runs on the channel's loop.
 */
final class ApiConnectionHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final String host;
    private final String authorization;
    private final String accept;
    private final AnswerListener listener;
    private final ArrayDeque<PushRequest> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private PushSource source;
    private PushRequest inFlight;
    private boolean closed;

    /**
     * @param host          the {@code Host} header
     * @param authorization the {@code Authorization} header, or null
     * @param accept        the {@code Accept} header, or null
     */
    ApiConnectionHandler(String host, String authorization, String accept, AnswerListener listener) {
        this.host = host;
        this.authorization = authorization;
        this.accept = accept;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Sends {@code push} after those handed over before it. Call on the channel's loop. */
    void send(PushRequest push) {
        if (closed) {
            listener.unanswered(push, false, "connection closed");
            push.body().release();
            return;
        }
        queue.add(push);
        sendNext();
    }

    /** Takes pushes from {@code source} as answers come back, until it is spent. Call on the channel's loop. */
    void drawFrom(PushSource source) {
        this.source = source;
        sendNext();
    }

    private void sendNext() {
        if (inFlight != null || closed) {
            return;
        }
        PushRequest next = queue.poll();
        if (next == null && source != null) {
            next = source.next();
            if (next == null) {
                source = null;
            }
        }
        if (next == null) {
            return;
        }
        inFlight = next;
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, next.path(),
                next.body());
        request.headers()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, next.body().readableBytes());
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        if (accept != null) {
            request.headers().set(HttpHeaderNames.ACCEPT, accept);
        }
        ctx.writeAndFlush(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        PushRequest answered = inFlight;
        inFlight = null;
        if (answered != null) {
            listener.answered(answered, response);
        }
        sendNext();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        source = null;
        if (inFlight != null) {
            listener.unanswered(inFlight, true, "connection closed");
            inFlight = null;
        }
        PushRequest queued;
        while ((queued = queue.poll()) != null) {
            listener.unanswered(queued, false, "connection closed");
            queued.body().release();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
