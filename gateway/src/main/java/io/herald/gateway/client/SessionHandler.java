package io.herald.gateway.client;

import io.herald.codec.CloseCode;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionLifecycle;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The tail of the client pipeline: marks the session upgraded when the handshake completes (drops the HTTP
 * request handler, and logs in the session whose upgrade carried its login), logs it out of the node when the channel closes, and ends every error that reached this
 * far, either with the close code it calls for or by closing the connection. Stateless; one instance serves
 * every channel.
 */
@ChannelHandler.Sharable
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final SessionLifecycle lifecycle;
    private final UpgradeLogin upgradeLogin;

    SessionHandler(SessionLifecycle lifecycle, UpgradeLogin upgradeLogin) {
        this.lifecycle = lifecycle;
        this.upgradeLogin = upgradeLogin;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Session.of(ctx.channel()).markUpgraded(
                    ctx.pipeline().context(ClientPipeline.WEBSOCKET_AGGREGATOR));
            // Plain HTTP is over for this connection: no handler of it stays on an idle connection.
            if (ctx.pipeline().get(ClientPipeline.HTTP_REQUESTS) != null) {
                ctx.pipeline().remove(ClientPipeline.HTTP_REQUESTS);
            }
            ctx.fireUserEventTriggered(evt);
            upgradeLogin.handshakeCompleted(Session.of(ctx.channel()));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Session session = Session.of(ctx.channel());
        lifecycle.closed(session);
        log.debug("{} closed", session);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Session session = Session.of(ctx.channel());
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit; a single frame over it was closed by the codec already.
            session.close(CloseCode.TOO_BIG);
        } else if (cause instanceof ReadTimeoutException) {
            log.debug("{} idle for too long, closed", session);
            ctx.close();
        } else if (cause instanceof CorruptedWebSocketFrameException || cause instanceof CorruptedFrameException
                || cause instanceof WebSocketHandshakeException || cause instanceof IOException) {
            log.debug("{} closed: {}", session, cause.toString());
            ctx.close();
        } else {
            log.warn("{} closed after an unexpected error", session, cause);
            ctx.close();
        }
    }
}
