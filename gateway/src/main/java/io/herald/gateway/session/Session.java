package io.herald.gateway.session;

import io.herald.codec.CloseCode;
import io.herald.gateway.auth.TokenClaims;
import io.herald.route.ConnectionRoute;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One client connection: its id, and once logged in its user, device and token claims. Lives on its channel
 * under {@link #KEY} and, once logged in, in the {@link SessionIndex}.
 *
 * <p>Threads: a session belongs to its channel's event loop ({@link #loop()}). Everything that reads or changes
 * it, sends to it or closes it runs there; a caller on another thread (an API loop, a Redis or relay
 * callback) hands the work to the loop first, as {@link GatewayNode} and the command actions do. Only the
 * final identity ({@link #conn()}, {@link #channel()}) and the user once logged in ({@link #uid()}, which the
 * session index reads from any thread) may be read elsewhere. Assertions check the rule in tests.
 */
public final class Session {

    public static final AttributeKey<Session> KEY = AttributeKey.valueOf(Session.class, "session");

    private final Channel channel;
    private final String conn;

    private volatile String uid;
    private String device;
    private TokenClaims claims;
    private ConnectionRoute route;
    private CompletionStage<Void> registered = CompletableFuture.completedFuture(null);
    private boolean upgraded;
    /** Where push frames enter the pipeline: past the handlers that only read; the channel until upgraded. */
    private ChannelOutboundInvoker wireEntry;

    public Session(Channel channel, String conn) {
        this.channel = channel;
        this.conn = conn;
        this.wireEntry = channel;
    }

    /** The session of a channel, set when the channel was initialized. */
    public static Session of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public Channel channel() {
        return channel;
    }

    /** The event loop this session belongs to: everything that touches it runs here. */
    public EventLoop loop() {
        return channel.eventLoop();
    }

    private boolean onLoop() {
        return channel.eventLoop().inEventLoop();
    }

    public String conn() {
        return conn;
    }

    /** The logged-in user, or {@code null} before login. */
    public String uid() {
        return uid;
    }

    public String device() {
        return device;
    }

    public boolean loggedIn() {
        return uid != null;
    }

    public TokenClaims claims() {
        return claims;
    }

    public ConnectionRoute route() {
        return route;
    }

    /** Completes once the connection's route is in the registry; a close removes it only after that. */
    public CompletionStage<Void> registered() {
        return registered;
    }

    /** Whether the WebSocket handshake is done, so that frames can be sent. */
    public boolean upgraded() {
        return upgraded;
    }

    /** Called on the event loop when the WebSocket handshake completes. */
    public void markUpgraded() {
        assert onLoop();
        upgraded = true;
    }

    /**
     * Called on the event loop when the WebSocket handshake completes, with the context push frames are written
     * from: the last one whose outbound side matters (the WebSocket protocol handler, which drops frames after a
     * close, and the frame encoder lie before it), so that each of the thousands of writes and flushes a
     * broadcast makes does not walk the handlers that only read.
     */
    public void markUpgraded(ChannelHandlerContext wireEntry) {
        markUpgraded();
        if (wireEntry != null) {
            this.wireEntry = wireEntry;
        }
    }

    /** Called on the event loop once the token is verified. */
    void logIn(TokenClaims claims, String device, String node) {
        assert onLoop();
        this.claims = claims;
        this.device = device;
        this.route = new ConnectionRoute(claims.uid(), conn, node, device);
        this.uid = claims.uid();
    }

    void registered(CompletionStage<Void> registered) {
        this.registered = registered;
    }

    /** Sends one JSON text frame, taking ownership of {@code json}. On the session's loop. */
    public void send(ByteBuf json) {
        assert onLoop();
        channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
    }

    /**
     * Writes a push frame, already framed for the wire and shared with other connections, as a retained
     * duplicate: the caller keeps its reference. Called on the channel's event loop (see {@link Fanout}); a
     * connection closed meanwhile skips it. {@code flusher} flushes it by the end of the loop's iteration.
     * Returns whether it was written.
     */
    boolean writeWire(ByteBuf wire, LoopFlusher flusher) {
        assert onLoop();
        if (!channel.isActive()) {
            return false;
        }
        flusher.write(channel.eventLoop(), wireEntry, wire.retainedDuplicate());
        return true;
    }

    /** Closes the connection with a close frame where the handshake is done, then the socket. On the loop. */
    public void close(CloseCode code) {
        assert onLoop();
        if (upgraded) {
            channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "Session[" + conn + (uid == null ? "" : ", uid=" + uid) + "]";
    }
}
