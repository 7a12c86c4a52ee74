package io.herald.gateway.client;

import io.herald.codec.ReplyCode;
import io.herald.gateway.api.JsonResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds the node to {@code --max-connections}: a connection over the limit has its first request answered
 * 503 and is closed. Built per channel, because it remembers whether its channel holds a place.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private final AtomicInteger open;
    private final int max;
    private boolean admitted;

    ConnectionLimitHandler(AtomicInteger open, int max) {
        this.open = open;
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        admitted = open.incrementAndGet() <= max;
        if (!admitted) {
            open.decrementAndGet();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (admitted) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (msg instanceof HttpRequest) {
            JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.UNAVAILABLE,
                    "too many connections"), false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admitted) {
            admitted = false;
            open.decrementAndGet();
        }
        ctx.fireChannelInactive();
    }
}
