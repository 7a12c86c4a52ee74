package io.herald.gateway.client;

import io.herald.codec.CloseCode;
import io.herald.gateway.session.Session;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Keeps connections honest. When the idle-state handler at the head of the pipeline reports that nothing
 * was read for the ping interval, sends a WebSocket Ping; the read-timeout handler beside it closes the
 * connection after the idle timeout. When a client reads too slowly for its send buffer (the channel turns
 * unwritable at the high water mark), closes it with 4009. Stateless; one instance serves every channel.
 */
@ChannelHandler.Sharable
final class KeepaliveHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && ((IdleStateEvent) evt).state() == IdleState.READER_IDLE) {
            if (Session.of(ctx.channel()).upgraded()) {
                ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
            // The close frame waits behind what the client did not read; the socket closes regardless.
            Session.of(ctx.channel()).close(CloseCode.TOO_SLOW);
            ctx.channel().eventLoop().execute(ctx.channel()::close);
        }
        ctx.fireChannelWritabilityChanged();
    }
}
