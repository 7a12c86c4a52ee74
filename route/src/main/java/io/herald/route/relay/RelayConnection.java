package io.herald.route.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One kept-alive HTTP/1.1 connection of a {@link NodeRelay} to its node, with at most one request in flight. Lives
 * on its relay's event loop, as does everything that calls it: no lock, no hop between threads from the write of a
 * request to the read of its answer.
 */
final class RelayConnection extends SimpleChannelInboundHandler<FullHttpResponse> {

    /** Hears how each request fared; called on the relay's loop. */
    interface Owner {
        /** The request's answer came, whatever its status; the connection is free for the next. */
        void answered(RelayConnection connection, int status, byte[] body);

        /**
         * The request failed (broken, closed or timed out) or the connection closed; it is not used again.
         * {@code stale}: a request was in flight on a connection that had been answered before, and it failed
         * before its answer and not by its timeout, as when the node closed the kept-alive connection just as the
         * request left: the request may go again on another connection.
         */
        void failed(RelayConnection connection, Throwable cause, boolean stale);
    }

    private final Owner owner;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private boolean inFlight;
    private boolean closed;
    private long answers;

    RelayConnection(Owner owner) {
        this.owner = owner;
    }

    /** Called once the connection is open, before any request. */
    void opened(Channel channel) {
        this.channel = channel;
    }

    /**
     * Whether a request may go on this connection: open, and not closed by the node while it was idle (its close
     * may be seen before the event that says so arrives).
     */
    boolean usable() {
        return !closed && channel != null && channel.isActive();
    }

    /** POSTs {@code body} (taken over) and waits at most {@code timeoutMillis} for the whole answer. */
    void send(String host, String path, HttpHeaders headers, ByteBuf body, long timeoutMillis) {
        inFlight = true;
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
        request.headers().set(headers)
                .set(HttpHeaderNames.HOST, host)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        timer = channel.eventLoop().schedule(() -> fail(new TimeoutException("no answer from " + host + " within "
                + timeoutMillis + "ms")), timeoutMillis, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                fail(written.cause(), true);
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (!inFlight) {
            fail(new IOException("an answer to no request"));
            return;
        }
        if (response.decoderResult().isFailure()) {
            fail(new IOException("malformed answer: " + response.decoderResult().cause()));
            return;
        }
        inFlight = false;
        answers++;
        timer.cancel(false);
        owner.answered(this, response.status().code(), ByteBufUtil.getBytes(response.content()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new IOException("connection closed" + (inFlight ? " before the answer" : "")), true);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause, cause instanceof IOException);
    }

    /** Closes the connection and tells the owner, once; a connection that never opened is its connect's business. */
    private void fail(Throwable cause) {
        fail(cause, false);
    }

    /**
     * As {@link #fail(Throwable)}; {@code lost}: the request (if any) got no answer because the connection broke
     * (closed, reset, or the write failed), which on a connection answered before makes it stale.
     */
    private void fail(Throwable cause, boolean lost) {
        if (closed || channel == null) {
            return;
        }
        boolean stale = lost && inFlight && answers > 0;
        closed = true;
        inFlight = false;
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
        owner.failed(this, cause, stale);
    }

    /** Closes the connection without telling the owner: the relay is closing. */
    void close() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
    }
}
