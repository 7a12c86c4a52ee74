package io.herald.bench.load;

import io.herald.codec.Json;
import io.herald.codec.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One client connection, after Netty's WebSocket handshake: logs in as its user, joins its group where the run
 * has one, then hands every push it receives to its listener, stamped with the time it arrived. Against a peer
 * without login (nchan, where the upgrade itself subscribes), it is ready as soon as the handshake is done. A
 * connection that is not ready within the deadline, or whose login is refused, fails and closes; an upgrade answered
 * 503 with {@code Retry-After} (a node that admits no more logins at once) is tried again after that delay, plus a
 * random share of it so that refused clients do not come back together, where the deadline allows. Once the handshake
 * is done, a {@link PushFrameDecoder} before Netty's WebSocket decoder takes the run's pushes off the byte stream; the
 * frames it leaves, replies and pushes in any other layout, come here and are read by the JSON parser. Built per
 * channel; runs on the channel's loop.
 */
final class BenchClientHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** The name of the {@link PushFrameDecoder} this handler places before Netty's WebSocket decoder. */
    static final String PUSH_DECODER = "herald-push-decoder";

    private final int index;
    private final String uid;
    private final String token;
    private final String group;
    private final long startNanos;
    private final long deadlineNanos;
    private final Json json;
    private final RunIds ids;
    private final PushReader pushes;
    private final ConnectionListener listener;
    private final boolean upgradeLogin;
    private final LongConsumer retry;
    /** Where the connection's command replies go once ready (the upstream scenario); null where it sends none. */
    private final CommandSender commands;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean ready;
    private boolean over;

    /**
     * @param token the login token; null against a peer without login, where the handshake makes it ready
     * @param upgradeLogin whether the upgrade request carried the login: its reply, with no id, is the first
     *                     frame, and no login command is sent
     * @param retry opens the connection again after the given milliseconds, with the same start and deadline
     * @param commands where the connection's command replies go once it is ready; null where it sends none
     */
    BenchClientHandler(int index, String uid, String token, String group, long startNanos, long deadlineNanos,
                       Json json, RunIds ids, PushReader pushes, ConnectionListener listener, boolean upgradeLogin,
                       LongConsumer retry, CommandSender commands) {
        this.index = index;
        this.uid = uid;
        this.token = token;
        this.group = group;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.json = json;
        this.ids = ids;
        this.pushes = pushes;
        this.listener = listener;
        this.upgradeLogin = upgradeLogin;
        this.retry = retry;
        this.commands = commands;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long left = deadlineNanos - System.nanoTime();
        deadline = ctx.executor().schedule(() -> end("not ready in time"), left, TimeUnit.NANOSECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            // Netty's decoder has just been added, and has not seen a byte yet: pushes are taken off before it.
            ChannelHandlerContext frames = ctx.pipeline().context(WebSocketFrameDecoder.class);
            if (frames != null) {
                ctx.pipeline().addBefore(frames.name(), PUSH_DECODER,
                        new PushFrameDecoder(index, pushes, listener, SocketOpener.MAX_FRAME));
            }
            if (token == null) {
                becomeReady();
            } else if (!upgradeLogin) {
                send(w -> w.raw("{\"id\":\"login\",\"cmd\":\"login\",\"uid\":").string(uid)
                        .raw(",\"token\":").string(token).raw("}"));
            }
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            end("handshake timeout");
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
        long arrivedNanos = System.nanoTime();
        if (frame instanceof CloseWebSocketFrame close) {
            end("closed by the node with " + close.statusCode());
            return;
        }
        if (!(frame instanceof TextWebSocketFrame)) {
            return;
        }
        // Replies, and pushes that the push decoder left to Netty's: the JSON parser reads them.
        InboundFrame in = InboundFrame.read(json, frame.content());
        if (in.isPush()) {
            listener.received(index, ids.seq(in.id()), in.sentMicros(), arrivedNanos);
        } else if (!ready) {
            onReply(in);
        } else if (commands != null) {
            commands.replied(in, arrivedNanos);
        }
    }

    private void onReply(InboundFrame reply) {
        if (reply.code() != 200) {
            end(reply.cmd() + " refused: " + reply.code() + " " + reply.msg());
        } else if ("login".equals(reply.cmd()) && group != null) {
            send(w -> w.raw("{\"id\":\"join\",\"cmd\":\"join\",\"group\":").string(group).raw("}"));
        } else if ("login".equals(reply.cmd()) || "join".equals(reply.cmd())) {
            becomeReady();
        }
    }

    private void becomeReady() {
        ready = true;
        deadline.cancel(false);
        if (commands != null) {
            commands.ready(index, ctx.channel());
        }
        listener.ready(index, (System.nanoTime() - startNanos) / 1000);
    }

    private void send(Consumer<JsonWriter> frame) {
        ByteBuf buf = ctx.alloc().buffer(128);
        frame.accept(new JsonWriter(buf));
        ctx.writeAndFlush(new TextWebSocketFrame(buf));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(ready ? "closed by the node" : "closed before login");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof WebSocketClientHandshakeException refused && refused.response() != null) {
            long delayMillis = retryAfterMillis(refused.response());
            if (delayMillis >= 0 && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) < deadlineNanos) {
                handOver();
                retry.accept(delayMillis);
                return;
            }
            end("handshake refused: " + refused.response().status());
        } else {
            end(cause.getClass().getSimpleName());
        }
    }

    /**
     * The delay a 503 answer asks for ({@code Retry-After} in seconds) with up to as much again at random, in
     * milliseconds; -1 where the answer is another status or names no delay.
     */
    static long retryAfterMillis(HttpResponse response) {
        if (response.status().code() != 503) {
            return -1;
        }
        String after = response.headers().get(HttpHeaderNames.RETRY_AFTER);
        if (after == null) {
            return -1;
        }
        try {
            long millis = TimeUnit.SECONDS.toMillis(Math.max(0, Long.parseLong(after.trim())));
            return millis + ThreadLocalRandom.current().nextLong(millis + 1);
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: a node does not send one
        }
    }

    /** Ends this attempt without reporting it: another connection takes over the index. */
    private void handOver() {
        over = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.close();
    }

    /** The TCP connect failed; called on the channel's loop, by the connect future's listener. */
    void connectFailed(Throwable cause) {
        end("connect: " + cause.getClass().getSimpleName());
    }

    /** Reports the connection's end once, failed or closed after being ready, and closes it. */
    private void end(String reason) {
        if (!over) {
            over = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (ready) {
                listener.closed(index, reason);
            } else {
                listener.failed(index, reason);
            }
        }
        if (ctx != null) {
            ctx.close();
        }
    }
}
