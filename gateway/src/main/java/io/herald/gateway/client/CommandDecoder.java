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
 * Turns each whole WebSocket message into a {@link ClientCommand}, within the connection's limits:
 * <ul>
 *   <li>a frame that cannot be read (not JSON, not an object, no {@code cmd}, a field of the wrong type, a binary
 *       frame) is answered 400 naming the problem, and the connection stays open; more than {@code limit} such
 *       frames within {@code window} close it with 4008;</li>
 *   <li>with a command rate ({@code --command-rate N}), a command past N a second (beyond a burst of N) is answered
 *       429 and not run; more than N such refusals within {@code window} close the connection with 4008. Acks are
 *       not counted: they follow the node's pushes, not the client's will;</li>
 *   <li>once the node has sent its close frame, frames are dropped unread.</li>
 * </ul>
 * Time is read from the event loop's clock; nothing here needs a timer. Built per channel: it counts that channel's
 * frames.
 */
final class CommandDecoder extends MessageToMessageDecoder<WebSocketFrame> {

    private final CommandReader reader;
    private final ServerFrames frames;
    private final WindowCount badFrames;
    /** {@code null} where commands are not limited. */
    private final CommandRate rate;
    private final WindowCount overRate;
    private final String overRateMessage;
    private final ClientRefusals refusals;

    /** Without a command rate. */
    CommandDecoder(CommandReader reader, ServerFrames frames, int limit, Duration window) {
        this(reader, frames, limit, window, 0, new ClientRefusals());
    }

    /**
     * @param limit       bad frames allowed within {@code window}
     * @param commandRate commands a second allowed; 0 for no limit
     * @param refusals    where commands past the rate, and connections closed for them, are counted
     */
    CommandDecoder(CommandReader reader, ServerFrames frames, int limit, Duration window, int commandRate,
                   ClientRefusals refusals) {
        super(WebSocketFrame.class);
        this.reader = reader;
        this.frames = frames;
        this.badFrames = new WindowCount(limit, window);
        this.rate = commandRate == 0 ? null : new CommandRate(commandRate);
        this.overRate = commandRate == 0 ? null : new WindowCount(commandRate, window);
        this.overRateMessage = "too many commands (at most " + commandRate + " a second)";
        this.refusals = refusals;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (Session.of(ctx.channel()).closing()) {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame)) {
            reject(ctx, new WireException(ReplyCode.BAD_REQUEST,
                    "binary frames are not supported (expected: a JSON text frame)"));
            return;
        }
        ClientCommand command;
        try {
            command = read(frame.content());
        } catch (WireException e) {
            reject(ctx, e);
            return;
        }
        if (rate != null && !(command instanceof ClientCommand.Ack)
                && !rate.take(ctx.executor().ticker().nanoTime())) {
            overRate(ctx, command);
            return;
        }
        out.add(command);
    }

    private void overRate(ChannelHandlerContext ctx, ClientCommand command) {
        Session session = Session.of(ctx.channel());
        if (overRate.overLimit(ctx.executor().ticker().nanoTime())) {
            refusals.refused(ClientRefusals.Kind.COMMAND_RATE_CLOSE);
            session.close(CloseCode.RATE_LIMITED);
            return;
        }
        refusals.refused(ClientRefusals.Kind.COMMAND_RATE);
        session.send(frames.error(command.id(), command.cmd(), ReplyCode.TOO_MANY_REQUESTS, overRateMessage));
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
        if (badFrames.overLimit(ctx.executor().ticker().nanoTime())) {
            session.close(CloseCode.RATE_LIMITED);
            return;
        }
        session.send(frames.error(problem));
    }
}
