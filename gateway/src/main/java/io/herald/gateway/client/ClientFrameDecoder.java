package io.herald.gateway.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;

import java.nio.charset.StandardCharsets;

/**
 * Netty's WebSocket frame decoder with the close frame checked as RFC 6455 says (section 7.4): its code must be
 * one an endpoint may send (1000-1003, 1007-1014, 3000-4999) and its reason valid UTF-8, else the connection fails
 * with 1002. Netty's own check lets 5000-65535 through (it reads the code as a signed short and has no upper
 * bound), reports a bad reason as 1007, and, having marked the closing handshake as received, answers either with
 * no close frame at all. Here a bad close frame throws like any other protocol violation, and
 * {@link CloseFrameHandler} fails the connection with the code. Built per channel: it keeps the frame state.
 */
final class ClientFrameDecoder extends WebSocket08FrameDecoder {

    ClientFrameDecoder(WebSocketDecoderConfig config) {
        super(config);
    }

    @Override
    protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf body) {
        // A body of one byte never gets here: the decoder refuses its header.
        if (body == null || body.readableBytes() < 2) {
            return;
        }
        int code = body.getUnsignedShort(body.readerIndex());
        if (!sendable(code)) {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "invalid close code " + code);
        }
        int reasonLength = body.readableBytes() - 2;
        if (reasonLength > 0
                && !ByteBufUtil.isText(body, body.readerIndex() + 2, reasonLength, StandardCharsets.UTF_8)) {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "close reason is not valid UTF-8");
        }
    }

    /**
     * Whether an endpoint may put {@code code} in a close frame: the codes RFC 6455 defines for that, those IANA
     * registered since (1012-1014), and the ranges for libraries and applications. 1004, 1005, 1006 and 1015 never
     * appear on the wire.
     */
    static boolean sendable(int code) {
        return code >= 1000 && code <= 1003
                || code >= 1007 && code <= 1014
                || code >= 3000 && code <= 4999;
    }
}
