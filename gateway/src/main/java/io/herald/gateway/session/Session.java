package io.herald.gateway.session;

import io.herald.codec.CloseCode;
import io.herald.codec.StreamPosition;
import io.herald.gateway.auth.TokenClaims;
import io.herald.route.ConnectionRoute;
import io.herald.route.Delivery;
import io.herald.route.StreamStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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

    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    private final Channel channel;
    private final String conn;

    private volatile String uid;
    private String device;
    private TokenClaims claims;
    /** Whether a login was read (and maybe is being checked); set once, on the loop. */
    private boolean loginStarted;
    /** How many refreshes were started, and the number of the last one whose token replaced the old. */
    private long refreshesStarted;
    private long refreshApplied;
    private ConnectionRoute route;
    private CompletionStage<Void> registered = CompletableFuture.completedFuture(null);
    private boolean upgraded;
    /** Where push frames enter the pipeline: past the handlers that only read; the channel until upgraded. */
    private ChannelOutboundInvoker wireEntry;
    private final LoopFlusher flusher;
    /** The connection's place in each stream; {@code null} where the node has no streams. */
    private StreamCursors cursors;
    /** Pushes written here whose ack does something; made on the first. */
    private PendingAcks pendingAcks;
    /** Whether the replies of its upstream commands go out in the order the commands came in. */
    private boolean orderedReplies;
    /** The replies its upstream commands await; made on the first. */
    private PendingReplies pendingReplies;
    /** How it ends, for its disconnect event. */
    private final SessionEnd end = new SessionEnd();
    /** Whether the node has sent its close frame. */
    private boolean closing;

    /** How long the node waits for the client's answer to its close frame before it closes the socket itself. */
    public static final long CLOSE_LINGER_MILLIS = 1000;

    /**
     * @param flusher the node's flusher, which flushes push frames once per loop iteration
     */
    public Session(Channel channel, String conn, LoopFlusher flusher) {
        this.channel = channel;
        this.conn = conn;
        this.wireEntry = channel;
        this.flusher = flusher;
    }

    /** A session with a flusher of its own, for tests of one connection. */
    public Session(Channel channel, String conn) {
        this(channel, conn, new LoopFlusher());
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

    /**
     * Notes that a login is being checked; {@code false} where one already was, so that a second login while the
     * first is checked is refused. On the loop.
     */
    public boolean startLogin() {
        assert onLoop();
        if (loginStarted) {
            return false;
        }
        loginStarted = true;
        return true;
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

    /**
     * Called on the event loop when a {@code refresh} replaced the connection's token: from now on {@code claims}
     * say which groups it may join and when it expires. Its user stays the same.
     */
    public void refresh(TokenClaims claims) {
        assert onLoop();
        if (!claims.uid().equals(uid)) {
            throw new IllegalArgumentException("a refresh for " + claims.uid() + " on the connection of " + uid);
        }
        this.claims = claims;
    }

    /** Numbers a {@code refresh} whose check starts now. On the loop. */
    public long startRefresh() {
        assert onLoop();
        return ++refreshesStarted;
    }

    /**
     * Whether the token of refresh {@code number}, found valid, may replace the connection's: not where a refresh
     * sent after it replaced it already. Checks that run in parallel (the token pool) may end in another order than
     * their refreshes came; the last one sent wins. On the loop.
     */
    public boolean refreshChecked(long number) {
        assert onLoop();
        if (number < refreshApplied) {
            return false;
        }
        refreshApplied = number;
        return true;
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
     * Takes a push for this connection, framed for the wire and shared with other connections (the caller keeps its
     * reference): writes it as a retained duplicate, flushed by the end of the loop's iteration, or, on a stream,
     * in the stream's order and once ({@link StreamCursors}). Registers what its ack is for, and with
     * {@code wait} where an API call awaits it. Returns whether it counts as delivered here: false only where
     * the connection closed meanwhile. On the loop (see {@link Fanout}).
     */
    boolean deliver(Delivery delivery, ByteBuf wire, AckWait wait) {
        assert onLoop();
        if (!channel.isActive()) {
            return false;
        }
        if (cursors == null) {
            write(delivery, wire, wait);
            return true;
        }
        return cursors.offer(delivery, wire, wait);
    }

    private void write(Delivery delivery, ByteBuf wire, AckWait wait) {
        Delivery.Acks acks = delivery.acks();
        if (acks.tracked()) {
            pending().add(delivery.id(), new PendingAcks.Pending(wait, acks.receipt(), acks.stored()));
        }
        flusher.write(channel.eventLoop(), wireEntry, wire.retainedDuplicate());
    }

    /** Writes a push read back from a stream's history or the user's storage. */
    private void write(StreamStore.Entry entry, boolean stored) {
        if (stored || entry.receipt()) {
            pending().add(entry.id(), new PendingAcks.Pending(null, entry.receipt(), stored));
        }
        flusher.write(channel.eventLoop(), wireEntry, WebSocketWire.text(channel.alloc(), entry.frame()));
    }

    private PendingAcks pending() {
        if (pendingAcks == null) {
            pendingAcks = new PendingAcks();
        }
        return pendingAcks;
    }

    /**
     * What the client's ack of a push does beyond what the node does itself (an API call awaiting it hears of it
     * here).
     *
     * @param receipt whether the ack is reported as a receipt event
     * @param stored  whether the ack drops the push from its user's storage
     */
    public record Acked(boolean receipt, boolean stored) {
    }

    /**
     * The client acked a push: counts it for the API call awaiting it, if any, and says what else the ack is for;
     * {@code null} where nothing waits on it (an unknown id, or one acked already). On the loop.
     */
    public Acked acked(String id) {
        assert onLoop();
        PendingAcks.Pending pending = pendingAcks == null ? null : pendingAcks.take(id);
        if (pending == null) {
            return null;
        }
        if (pending.ackWait() != null) {
            pending.ackWait().ack();
        }
        return new Acked(pending.receipt(), pending.stored());
    }

    /**
     * The node has streams: from now on this connection gets each stream's pushes in order and once, and holds
     * them until {@link #recover} says where it stands. On the loop, at login.
     */
    void startRecovery(StreamStore store, HistoryReads history) {
        assert onLoop();
        cursors = new StreamCursors(new CursorWrites(), store, history, channel.eventLoop());
        cursors.startRecovery();
    }

    /**
     * Writes what the connection missed, after its login reply: the stored pushes that the replay does not carry,
     * then each stream's replayed history, in seq order; then stands at the recovery's positions and lets out the
     * pushes held meanwhile, each once. On the loop.
     */
    public void recover(Recovery recovery) {
        assert onLoop();
        recovery.storedFirst().forEach(entry -> write(entry, true));
        recovery.replayed().forEach(entry -> write(entry, recovery.storedIds().contains(entry.id())));
        if (cursors != null) {
            cursors.recovered(recovery.positions() == null ? Map.of() : recovery.positions());
        }
    }

    /**
     * The connection begins to receive a stream (its user joined a group here): its pushes go out in order from
     * where the stream is once the membership is visible. Completes, on the loop, once the connection knows that
     * place: a push made after that reaches it. On the loop.
     */
    CompletionStage<Void> joined(String stream) {
        assert onLoop();
        if (cursors == null || !channel.isActive()) {
            return DONE;
        }
        return cursors.join(stream);
    }

    /** Its user left the stream's group here: a later join starts the stream afresh. On the loop. */
    void left(String stream) {
        assert onLoop();
        if (cursors != null) {
            cursors.left(stream);
        }
    }

    /**
     * Holds the stream's push frames from now until {@link #releaseStream}: the reply to a {@code join} command goes
     * out before any of them. On the loop.
     */
    public void holdStream(String stream) {
        assert onLoop();
        if (cursors != null) {
            cursors.holdForReply(stream);
        }
    }

    /**
     * Gives {@code first} where the connection stands in the stream, once that is known (each frame of the stream
     * written so far has a seq at or below it, and each written from now on a seq above it; {@code null} where the
     * node has no streams or cannot reach its store), then lets go the frames held since {@link #holdStream}.
     * {@code first} runs on the loop, now or later. On the loop.
     */
    public void releaseStream(String stream, Consumer<StreamPosition> first) {
        assert onLoop();
        if (cursors == null) {
            first.accept(null);
        } else {
            cursors.reply(stream, first);
        }
    }

    /**
     * Whether the replies of this connection's commands that go to the upstream go out in the order the commands
     * came in ({@code "ordered":true} at login), else as they complete. On the loop, at login, before any command.
     */
    public void orderReplies(boolean ordered) {
        assert onLoop();
        this.orderedReplies = ordered;
    }

    /** The replies this connection's upstream commands await. On the loop. */
    public PendingReplies pendingReplies() {
        assert onLoop();
        if (pendingReplies == null) {
            pendingReplies = new PendingReplies(this, orderedReplies);
        }
        return pendingReplies;
    }

    /** Lets go of what the connection held: it closed. On the loop. */
    void release() {
        if (cursors != null) {
            cursors.release();
        }
        if (pendingReplies != null) {
            pendingReplies.release();
        }
    }

    /** How {@link StreamCursors} writes to this connection. */
    private final class CursorWrites implements StreamCursors.Writer {
        @Override
        public void write(Delivery delivery, ByteBuf wire, AckWait wait) {
            Session.this.write(delivery, wire, wait);
        }

        @Override
        public void write(StreamStore.Entry entry, boolean stored) {
            Session.this.write(entry, stored);
        }
    }

    /** How the connection ends, for its disconnect event. On the loop. */
    public SessionEnd end() {
        assert onLoop();
        return end;
    }

    /** The client's address (its TCP connection's peer), or {@code null} where the channel has none. */
    public String remoteAddress() {
        return remoteAddress(channel);
    }

    /** The address of the peer of {@code channel}, or {@code null} where it has none. */
    public static String remoteAddress(Channel channel) {
        if (channel.remoteAddress() instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return null;
    }

    /**
     * Closes the connection: with a close frame where the handshake is done ({@link #sendClose}), else by closing the
     * socket. On the loop.
     */
    public void close(CloseCode code) {
        assert onLoop();
        end.note(CloseReason.of(code), code.code());
        if (upgraded) {
            sendClose(code.code(), code.reason());
        } else {
            channel.close();
        }
    }

    /**
     * Sends the node's close frame, at most once per connection, and then lets the client answer it (RFC 6455 section
     * 7.1.1: the server closes the TCP connection after the closing handshake): the socket closes when the client's
     * close frame comes (the close-frame handler closes it then), or {@link #CLOSE_LINGER_MILLIS} after this call at
     * the latest, whether or not the frame could be written by then. Closing at once could reset the connection under
     * the close frame while the client still sends, so that it never reads why it was closed. From now on the
     * connection's frames are not read ({@link #closing()}). On the loop.
     */
    public void sendClose(int code, String reason) {
        assert onLoop();
        if (closing) {
            return;
        }
        closing = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                written.channel().close();
            }
        });
        ScheduledFuture<?> linger = channel.eventLoop().schedule(() -> channel.close(), CLOSE_LINGER_MILLIS,
                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> linger.cancel(false));
    }

    /** Whether the node has sent its close frame: what the client sends now is not read. On the loop. */
    public boolean closing() {
        return closing;
    }

    @Override
    public String toString() {
        return "Session[" + conn + (uid == null ? "" : ", uid=" + uid) + "]";
    }
}
