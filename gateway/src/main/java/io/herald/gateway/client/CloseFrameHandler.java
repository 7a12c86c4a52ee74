package io.herald.gateway.client;

import io.herald.gateway.session.CloseReason;
import io.herald.gateway.session.Session;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * Notes the close code of a client's close frame on its session before the WebSocket protocol handler answers it,
 * so that the connection's disconnect event says how the client ended it; passes every message on. A close frame
 * that answers the node's own close changes nothing ({@link Session#ending}). Stateless; one instance serves every
 * channel, on each channel's event loop.
 */
@ChannelHandler.Sharable
final class CloseFrameHandler extends ChannelInboundHandlerAdapter {

    /** The code of a close frame without one (RFC 6455). */
    private static final int NO_STATUS = 1005;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame close) {
            int status = close.statusCode() < 0 ? NO_STATUS : close.statusCode();
            Session.of(ctx.channel()).end().note(CloseReason.CLIENT, status);
        }
        ctx.fireChannelRead(msg);
    }
}
