package io.herald.gateway.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Serves the requests of one API connection one at a time, in order, and closes it gracefully. It sits in two places
 * of the pipeline, with one state: {@link #bytes()} ahead of the HTTP codec, {@link #requests()} after it.
 *
 * <p><b>One at a time.</b> HTTP/1.1 lets a backend send requests before the answers to those before them
 * (pipelining). Were each handed on as it is decoded, a backend could start any amount of work on one connection
 * (a thousand pushes awaiting acks) and the node would hold every answer until those before it were out. Instead a
 * request is handed on only once the one before it is answered, and only while its answer can be written (the
 * channel is writable: a backend that sends requests without reading the answers would otherwise pile answers up in
 * the node); one decoded meanwhile waits here. While anything
 * waits, the bytes read after it wait undecoded, and reading from the socket pauses (auto-read off), so the backend's
 * own socket buffer fills and TCP holds it back. The codec is given what was read at most {@value #SLICE} bytes at
 * a time, so that what waits decoded is a few dozen requests at most, never past the codec's own bound on requests
 * decoded and not yet answered (128, past which it fails the connection), and what waits undecoded is at most what
 * one read of the socket brought. Answers leave in the order of their requests, because only one is ever under way.
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
final class PipeliningHandler {

    /** The name of the {@link LingerHandler}, first in the pipeline once an answer closed the connection. */
    static final String LINGER = "linger";
    /** The most bytes the codec is given at once: at 16 bytes for the shortest request, 64 requests. */
    static final int SLICE = 1024;

    private final Duration linger;
    private final Bytes bytes = new Bytes();
    private final Requests requests = new Requests();
    /** Bytes read and not yet given to the codec, in order. */
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    /** What the codec decoded behind the request under way: requests and their contents, in order. */
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    private ChannelHandlerContext bytesCtx;
    private ChannelHandlerContext requestsCtx;
    /** A request was handed on and is not answered yet. */
    private boolean underWay;
    /** An answer closed the connection: nothing more is handed on. */
    private boolean closing;
    /** {@link #pump} is running further up the stack. */
    private boolean pumping;
    /** Whether {@link #pump} must go round once more. */
    private boolean again;
    /** The codec was given bytes since it last heard that a read was complete. */
    private boolean fed;

    /**
     * @param linger how long the node reads and drops what still comes after an answer that closes the connection
     */
    PipeliningHandler(Duration linger) {
        this.linger = linger;
    }

    /** Its place ahead of the HTTP codec, where bytes are read. */
    ChannelHandler bytes() {
        return bytes;
    }

    /** Its place after the HTTP codec, where requests are decoded and answers written. */
    ChannelHandler requests() {
        return requests;
    }

    /**
     * Moves things on as far as they may go: hands on what waits, up to the next request after one under way; once
     * nothing waits, gives the codec the next slice of what was read; reads from the socket only where neither waits.
     */
    private void pump() {
        if (pumping) {
            again = true; // called again from below: the loop below goes round once more
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                while (!closing && !waiting.isEmpty() && !(waiting.peek() instanceof HttpRequest && mustWait())) {
                    HttpObject next = waiting.poll();
                    if (next instanceof HttpRequest) {
                        underWay = true;
                    }
                    requestsCtx.fireChannelRead(next);
                }
                if (!closing && waiting.isEmpty() && !held.isEmpty()) {
                    ByteBuf first = held.peek();
                    bytesCtx.fireChannelRead(
                            first.readableBytes() <= SLICE ? held.poll() : first.readRetainedSlice(SLICE));
                    fed = true;
                    again = true;
                }
            } while (again);
        } finally {
            pumping = false;
        }
        boolean read = held.isEmpty() && waiting.isEmpty();
        if (!closing && bytesCtx.channel().config().isAutoRead() != read) {
            bytesCtx.channel().config().setAutoRead(read);
        }
    }

    /** Moves things on after a pause (an answer went, answers were written): outside a read. */
    private void resume() {
        pump();
        if (fed && bytesCtx.channel().config().isAutoRead()) {
            bytes.channelReadComplete(bytesCtx); // what was read while paused is all decoded now
        }
    }

    /** Whether a request must wait: another is under way, or answers wait to be written already. */
    private boolean mustWait() {
        return underWay || !requestsCtx.channel().isWritable();
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
        channel.config().setAutoRead(true);
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            duplex.shutdownOutput();
        } else {
            // TLS ends with its close_notify, then the stream's end: a client can tell the answer was not cut short.
            tls.closeOutbound().addListener(f -> duplex.shutdownOutput());
        }
    }

    private void stopReading() {
        closing = true;
        release(held);
        release(waiting);
    }

    private static void release(ArrayDeque<?> queue) {
        Object next;
        while ((next = queue.poll()) != null) {
            ReferenceCountUtil.release(next);
        }
    }

    /** Ahead of the codec: holds what is read until the codec may have it. */
    private final class Bytes extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            bytesCtx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closing || !(msg instanceof ByteBuf read)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            held.add(read);
            pump();
        }

        /**
         * Passed on only while reading: were the codec told that a read is complete while reading is paused and it
         * was given nothing, it would ask for another read.
         */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (ctx.channel().config().isAutoRead()) {
                fed = false;
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stopReading();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            release(held);
        }
    }

    /** After the codec: hands on one request at a time, and sees its answer go. */
    private final class Requests extends ChannelDuplexHandler {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            requestsCtx = ctx;
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
            if (!waiting.isEmpty() || msg instanceof HttpRequest && mustWait()) {
                waiting.add(http);
                return;
            }
            if (msg instanceof HttpRequest) {
                underWay = true;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise); // 100 Continue: the request goes on
                return;
            }
            if (msg instanceof HttpResponse response && !HttpUtil.isKeepAlive(response)) {
                stopReading();
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
            resume();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                resume();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            release(waiting);
        }
    }
}
