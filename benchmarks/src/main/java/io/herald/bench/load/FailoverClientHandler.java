package io.herald.bench.load;

import io.herald.codec.Json;
import io.herald.codec.JsonWriter;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One connection of a {@link FailoverClient}, after Netty's WebSocket handshake: sends the client's login, acks
 * every push at once and hands it to the client, and tells the client once how the connection ended: refused,
 * not logged in by its deadline, closed by the node (with its close code) or reset. Built per channel; runs on
 * the channel's loop, which is the client's.
 */
final class FailoverClientHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private final FailoverClient client;
    private final long deadlineNanos;
    private final Json json;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean over;

    /** @param deadlineNanos when the connection must be logged in ({@link System#nanoTime()}) */
    FailoverClientHandler(FailoverClient client, long deadlineNanos, Json json) {
        this.client = client;
        this.deadlineNanos = deadlineNanos;
        this.json = json;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long left = deadlineNanos - System.nanoTime();
        deadline = ctx.executor().schedule(() -> end("not logged in in time"), left, TimeUnit.NANOSECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            send(client::writeLogin);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            end("handshake timeout");
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        long arrivedNanos = System.nanoTime();
        if (frame instanceof CloseWebSocketFrame close) {
            end("closed " + close.statusCode());
            return;
        }
        if (!(frame instanceof TextWebSocketFrame)) {
            return;
        }
        FailoverFrame in;
        try {
            in = FailoverFrame.read(json, frame.content());
        } catch (WireException e) {
            end("unreadable frame");
            return;
        }
        if (in.isPush()) {
            String id = in.id();
            send(w -> w.raw("{\"cmd\":\"ack\",\"id\":").string(id).raw("}"));
            client.pushed(this, in, arrivedNanos);
        } else if (in.isLogin()) {
            deadline.cancel(false);
            client.loginAnswered(this, in);
        }
    }

    private void send(Consumer<JsonWriter> frame) {
        ByteBuf buf = ctx.alloc().buffer(128);
        frame.accept(new JsonWriter(buf));
        ctx.writeAndFlush(new TextWebSocketFrame(buf));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end("connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof WebSocketClientHandshakeException refused && refused.response() != null) {
            end("handshake refused: " + refused.response().status().code());
        } else {
            end("reset: " + cause.getClass().getSimpleName());
        }
    }

    /** The TCP connect failed; called on the channel's loop, by the connect future's listener. */
    void connectFailed(Throwable cause) {
        end("connect: " + cause.getClass().getSimpleName());
    }

    /** Closes the connection; the client is told the reason once, whatever comes after. */
    void close(String reason) {
        end(reason);
    }

    private void end(String reason) {
        if (!over) {
            over = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
            client.ended(this, reason);
        }
        if (ctx != null) {
            ctx.close();
        }
    }
}
