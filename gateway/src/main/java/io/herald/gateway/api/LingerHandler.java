package io.herald.gateway.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The last moments of an API connection whose answer closed it and whose side the node has shut down
 * ({@link PipeliningHandler}): reads and drops whatever the backend still sends, so that the kernel has no unread
 * bytes to answer with a reset that could cost the backend its answer, and closes the connection when the backend
 * closes its side, once {@code maxBytes} were dropped, or after {@code linger}, whichever comes first. A backend that
 * sends an enormous body, or trickles one, holds the connection no longer than that. First in the pipeline, ahead of
 * the HTTP codec. Built per channel; called on its event loop.
 */
final class LingerHandler extends ChannelInboundHandlerAdapter {

    private final Duration linger;
    private final long maxBytes;
    private long dropped;
    private ScheduledFuture<?> deadline;

    LingerHandler(Duration linger, long maxBytes) {
        this.linger = linger;
        this.maxBytes = maxBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> ctx.close(), linger.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            dropped += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (dropped > maxBytes) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset while lingering: the backend is gone, nothing to tell it
    }
}
