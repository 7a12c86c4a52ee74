package io.herald.gateway.client;

import io.herald.gateway.session.Session;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Keeps idle connections alive: when the idle-state handler at the head of the pipeline reports that nothing
 * was read for the ping interval, sends a WebSocket Ping; the read-timeout handler beside it closes the
 * connection after the idle timeout. Stateless; one instance serves every channel.
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
}
