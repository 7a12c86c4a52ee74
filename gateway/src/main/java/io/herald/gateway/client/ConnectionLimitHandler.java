package io.herald.gateway.client;

import io.herald.codec.ReplyCode;
import io.herald.gateway.http.JsonResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Holds the node to {@code --max-connections}: a connection over the limit has its first request answered
 * 503 and is closed. Built per channel, because it remembers whether its channel holds a place.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private final ConnectionSlots slots;
    private boolean admitted;

    ConnectionLimitHandler(ConnectionSlots slots) {
        this.slots = slots;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        admitted = slots.tryTake();
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
            slots.giveBack();
        }
        ctx.fireChannelInactive();
    }
}
