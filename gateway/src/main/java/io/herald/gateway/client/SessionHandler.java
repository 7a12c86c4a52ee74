package io.herald.gateway.client;

import io.herald.codec.CloseCode;
import io.herald.gateway.events.Events;
import io.herald.gateway.session.CloseReason;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEnd;
import io.herald.gateway.session.SessionEvent;
import io.herald.gateway.session.SessionLifecycle;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;

/**
 * The tail of the client pipeline: marks the session upgraded when the handshake completes (drops the HTTP
 * request handler, and logs in the session whose upgrade carried its login), reports the connection's connect event
 * once it logged in and its disconnect event when it closes, logs it out of the node when the channel closes, and
 * ends every error that reached this far, either with the close code it calls for or by closing the connection
 * (noting why, for the disconnect event). Stateless; one instance serves every channel.
 */
@ChannelHandler.Sharable
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final SessionLifecycle lifecycle;
    private final UpgradeLogin upgradeLogin;
    private final Events events;
    private final WebSocketDecoderConfig frameConfig;

    SessionHandler(SessionLifecycle lifecycle, UpgradeLogin upgradeLogin, Events events,
                   WebSocketDecoderConfig frameConfig) {
        this.lifecycle = lifecycle;
        this.upgradeLogin = upgradeLogin;
        this.events = events;
        this.frameConfig = frameConfig;
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
            // Close frames checked as the RFC says (ClientFrameDecoder). A client sends no frame before it has the
            // 101 (RFC 6455 section 4.1), so the handshake's decoder has read none yet; bytes it holds pass on to
            // the new one.
            ChannelHandler decoder = ctx.pipeline().get(WebSocketFrameDecoder.class);
            if (decoder != null && !(decoder instanceof ClientFrameDecoder)) {
                ctx.pipeline().replace(WebSocketFrameDecoder.class, ClientPipeline.FRAME_DECODER,
                        new ClientFrameDecoder(frameConfig));
            }
            ctx.fireUserEventTriggered(evt);
            upgradeLogin.handshakeCompleted(Session.of(ctx.channel()));
            return;
        }
        if (evt == SessionEvent.LOGGED_IN && ctx.channel().isActive()) {
            // A connection that closed while its login was under way gets neither event: its close came first.
            Session session = Session.of(ctx.channel());
            session.end().announce();
            events.connected(session.uid(), session.conn(), session.device(), session.remoteAddress());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Session session = Session.of(ctx.channel());
        SessionEnd end = session.end();
        if (end.announced()) {
            events.disconnected(session.uid(), session.conn(), end.code(), end.reason().wire());
        }
        lifecycle.closed(session);
        log.debug("{} closed", session);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Session session = Session.of(ctx.channel());
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit; a single frame over it failed in the decoder (CloseFrameHandler).
            session.close(CloseCode.TOO_BIG);
        } else if (cause instanceof ReadTimeoutException) {
            log.debug("{} idle for too long, closed", session);
            session.end().note(CloseReason.IDLE, CloseReason.NO_CLOSE_FRAME);
            ctx.close();
        } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // The client hung up, maybe in the middle of a fragmented message (the aggregator then reports what it
            // held): a stranger's doing, and one it could repeat at will, so no more than a debug line.
            log.debug("{} closed: {}", session, cause.toString());
            session.end().note(CloseReason.CLIENT, CloseReason.NO_CLOSE_FRAME);
            ctx.close();
        } else if (cause instanceof CorruptedFrameException || cause instanceof WebSocketHandshakeException
                || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            // On a TLS port: bytes that are not TLS (plain HTTP), a failed handshake, a record that does not
            // decrypt. The client's doing, not the node's: no stack trace.
            log.debug("{} closed: {}", session, cause.toString());
            session.end().note(CloseReason.ERROR, CloseReason.NO_CLOSE_FRAME);
            ctx.close();
        } else {
            log.warn("{} closed after an unexpected error", session, cause);
            session.end().note(CloseReason.ERROR, CloseReason.NO_CLOSE_FRAME);
            ctx.close();
        }
    }
}
