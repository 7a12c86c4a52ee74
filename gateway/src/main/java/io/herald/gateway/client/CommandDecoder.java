package io.herald.gateway.client;

import io.herald.codec.ClientCommand;
import io.herald.codec.CloseCode;
import io.herald.codec.CommandReader;
import io.herald.codec.ReplyCode;
import io.herald.codec.ServerFrames;
import io.herald.codec.WireException;
import io.herald.gateway.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.time.Duration;
import java.util.List;

/**
 * Turns each whole WebSocket message into a {@link ClientCommand}. A frame that cannot be read (not JSON,
 * not an object, no {@code cmd}, a field of the wrong type, a binary frame) is answered 400 naming the
 * problem, and the connection stays open; more than {@code limit} such frames within {@code window} close it
 * with 4008. The window is read from the event loop's clock. Built per channel: it counts that channel's bad
 * frames.
 */
final class CommandDecoder extends MessageToMessageDecoder<WebSocketFrame> {

    private final CommandReader reader;
    private final ServerFrames frames;
    private final int limit;
    private final long windowNanos;
    private long windowStart;
    private int badFrames;

    CommandDecoder(CommandReader reader, ServerFrames frames, int limit, Duration window) {
        super(WebSocketFrame.class);
        this.reader = reader;
        this.frames = frames;
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (!(frame instanceof TextWebSocketFrame)) {
            reject(ctx, new WireException(ReplyCode.BAD_REQUEST,
                    "binary frames are not supported (expected: a JSON text frame)"));
            return;
        }
        ByteBuf content = frame.content();
        try {
            out.add(read(content));
        } catch (WireException e) {
            reject(ctx, e);
        }
    }

    private ClientCommand read(ByteBuf content) throws WireException {
        int length = content.readableBytes();
        if (content.hasArray()) {
            return reader.read(content.array(), content.arrayOffset() + content.readerIndex(), length);
        }
        return reader.read(ByteBufUtil.getBytes(content), 0, length);
    }

    private void reject(ChannelHandlerContext ctx, WireException problem) {
        Session session = Session.of(ctx.channel());
        if (overLimit(ctx.executor().ticker().nanoTime())) {
            session.close(CloseCode.RATE_LIMITED);
            return;
        }
        session.send(frames.error(problem));
    }

    private boolean overLimit(long now) {
        if (badFrames == 0 || now - windowStart >= windowNanos) {
            windowStart = now;
            badFrames = 0;
        }
        return ++badFrames > limit;
    }
}
