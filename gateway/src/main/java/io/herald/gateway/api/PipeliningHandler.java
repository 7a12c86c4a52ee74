package io.herald.gateway.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Serves the requests of one API connection one at a time, in order, and closes it gracefully.
 *
 * <p><b>One at a time.</b> HTTP/1.1 lets a backend send requests before the answers to those before them
 * (pipelining). Were each handed on as it is read, a backend could start any amount of work on one connection
 * (a thousand pushes awaiting acks) and the node would hold every answer until those before it were out. Instead a
 * request is handed on only once the one before it is answered. One that arrives while another is under way waits
 * here, and reading from the socket pauses (auto-read off) until the waiting ones are handed on, so that what waits is
 * at most what one read of the socket brought; the backend's own socket buffer then fills and TCP holds it back.
 * Answers leave in the order of their requests, because only one is ever being answered.
 *
 * <p><b>Closing.</b> An answer that says {@code Connection: close} (the request asked for it, or the node refuses to
 * read on: a body over the limit, a malformed request) ends the connection: nothing read after it is handed on.
 * Closing the socket at once would throw away the answer whenever the backend is still sending (the rest of a body
 * over the limit): the kernel answers bytes that arrive at a closed socket with a reset, which can reach the backend
 * before it read the answer. So once the answer is out, the node shuts down its side of the connection only
 * (the backend reads the answer and then the end of the stream) and keeps reading and dropping what still comes,
 * with {@link LingerHandler}, until the backend closes, {@link ApiLimits#LINGER_BYTES} were dropped or the linger time
 * is up.
 *
 * <p>Built per channel; called on its event loop.
 */
final class PipeliningHandler extends ChannelDuplexHandler {

    /** The name of the {@link LingerHandler}, first in the pipeline once an answer closed the connection. */
    static final String LINGER = "linger";

    private final Duration linger;
    /** What was read behind the request under way: requests and their contents, in order. */
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    /** A request was handed on and is not answered yet. */
    private boolean underWay;
    /** An answer closed the connection: nothing more is handed on. */
    private boolean closing;
    /** {@link #handOnWaiting} is running further up the stack. */
    private boolean handingOn;

    /**
     * @param linger how long the node reads and drops what still comes after an answer that closes the connection
     */
    PipeliningHandler(Duration linger) {
        this.linger = linger;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpObject http)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!waiting.isEmpty() || underWay && msg instanceof HttpRequest) {
            waiting.add(http);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (msg instanceof HttpRequest) {
            underWay = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            ctx.write(msg, promise); // 100 Continue: the request goes on
            return;
        }
        if (msg instanceof HttpResponse response && !HttpUtil.isKeepAlive(response)) {
            closing = true;
            releaseWaiting();
        }
        if (!(msg instanceof LastHttpContent)) {
            ctx.write(msg, promise);
            return;
        }
        if (closing) {
            ChannelPromise written = promise.unvoid();
            written.addListener((ChannelFuture f) -> linger(ctx, f));
            ctx.write(msg, written);
            return;
        }
        ctx.write(msg, promise);
        underWay = false;
        handOnWaiting(ctx);
    }

    /** Hands on what waits, up to the next request after one under way; reads again once nothing waits. */
    private void handOnWaiting(ChannelHandlerContext ctx) {
        if (handingOn) {
            return; // a request handed on below was answered at once: the loop below goes on
        }
        handingOn = true;
        try {
            while (!closing && !waiting.isEmpty() && !(underWay && waiting.peek() instanceof HttpRequest)) {
                HttpObject next = waiting.poll();
                if (next instanceof HttpRequest) {
                    underWay = true;
                }
                ctx.fireChannelRead(next);
            }
        } finally {
            handingOn = false;
        }
        if (waiting.isEmpty() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Once an answer that closes the connection is out: shuts down the node's side and drops what still comes. */
    private void linger(ChannelHandlerContext ctx, ChannelFuture written) {
        Channel channel = ctx.channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex) || duplex.isInputShutdown()
                || !channel.isActive()) {
            ctx.close();
            return;
        }
        channel.pipeline().addFirst(LINGER, new LingerHandler(linger, ApiLimits.LINGER_BYTES));
        duplex.shutdownOutput();
        channel.config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    private void releaseWaiting() {
        HttpObject next;
        while ((next = waiting.poll()) != null) {
            ReferenceCountUtil.release(next);
        }
    }
}
