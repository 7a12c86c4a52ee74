package io.herald.gateway.client;

import io.herald.gateway.session.CloseReason;
import io.herald.gateway.session.Session;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The closing handshake and protocol failures of RFC 6455, in one place, so that the node sends at most one close
 * frame whoever starts the close:
 * <ul>
 *   <li>a client's close frame is noted for the disconnect event and answered with the same code, then the socket
 *       closes; where the node has sent its own close frame already (and was waiting for this answer), the WebSocket
 *       protocol handler (after this one) drops the answer, and the socket just closes;</li>
 *   <li>a protocol violation found by the frame decoder or the UTF-8 validator (before this one) fails the
 *       connection (section 7.1.7): one close frame with the code the violation calls for (1002, 1007 or 1009),
 *       then the socket closes once the client closed its side, or after {@link Session#CLOSE_LINGER_MILLIS} at
 *       the latest, as after every close frame of the node's ({@link Session#sendClose}).
 *       Closing at once could reset the connection under the close frame while the client still sends.</li>
 * </ul>
 * Netty's own answers are turned off ({@code closeOnProtocolViolation}, {@code handleCloseFrames}): each wrote its
 * close frame past the protocol handler's bookkeeping (from the decoder, or from the protocol handler's own
 * context), so that the protocol handler, which sends 1000 when a channel closes without a close frame having
 * passed it, sent a second close frame: 1000 right after a failure's 1002, and an answer to the client's answer
 * after a close of the node's. Every close frame is written from the tail here. Stateless; one instance serves every
 * channel, on each channel's event loop.
 */
@ChannelHandler.Sharable
final class CloseFrameHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(CloseFrameHandler.class);

    /** The code of a close frame without one (RFC 6455). */
    private static final int NO_STATUS = 1005;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof CloseWebSocketFrame close)) {
            ctx.fireChannelRead(msg);
            return;
        }
        int status = close.statusCode() < 0 ? NO_STATUS : close.statusCode();
        Session.of(ctx.channel()).end().note(CloseReason.CLIENT, status);
        // Through the whole pipeline, so that the protocol handler sees it (and drops it after a close of ours).
        CloseWebSocketFrame answer = new CloseWebSocketFrame(true, 0, close.content());
        ctx.channel().writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof CorruptedWebSocketFrameException corrupted)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        WebSocketCloseStatus status = corrupted.closeStatus();
        Session session = Session.of(ctx.channel());
        log.debug("{} failed with {}: {}", session, status.code(), corrupted.getMessage());
        session.end().note(CloseReason.ERROR, status.code());
        if (!ctx.channel().isActive()) {
            return;
        }
        session.sendClose(status.code(), status.reasonText());
    }
}
