package io.herald.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A client of Herald nodes over WebSocket (docs/PROTOCOL.md): it logs in, keeps the connection alive with
 * heartbeats, reconnects with backoff to the nodes it was given in turn, recovers what it missed meanwhile, acks and
 * de-duplicates pushes, and sends commands whose replies complete {@link CompletableFuture}s.
 *
 * <pre>{@code
 * HeraldClient client = HeraldClient.newBuilder()
 *         .uris(URI.create("ws://node1:8080/ws"), URI.create("ws://node2:8080/ws"))
 *         .uid("alice").tokenSupplier(() -> backend.tokenFor("alice"))
 *         .listener(new HeraldClient.Listener() {
 *             public void onPush(HeraldClient client, Push push) { ... }
 *         })
 *         .build();
 * client.connect().join();
 * client.send("chat.send", "{\"text\":\"hi\"}").thenAccept(reply -> ...);
 * }</pre>
 *
 * <p><b>Threads.</b> Each client has one thread of its own, {@code herald-client-<uid>}, a daemon. The listener's
 * methods run on it, one at a time, in the order of the events; so do the completions of the futures this client
 * returns, and with them the dependent stages a caller adds without an executor. The JDK's WebSocket threads never
 * run application code. Do not block that thread (a {@code get()} on one of this client's futures there would wait
 * for itself): compose, or hand long work to an executor of your own. Frames are read up to 256 ahead of the
 * listener, then only as it catches up; a listener that holds the thread longer than the heartbeat interval gets its
 * connection dropped (the heartbeat's reply waits behind it). The methods of this class may be called from any
 * thread.
 */
public final class HeraldClient implements AutoCloseable {

    /** Close codes after which the client does not reconnect: 4001 only where no token supplier can give a new one. */
    public static final Map<Integer, String> STOP_CODES = Map.of(
            4001, "unauthorized",
            4003, "kicked",
            4010, "replaced: too many connections for this user");

    /** Where the client is. */
    public enum State {
        /** Built; {@link #connect()} not called yet. */
        NEW,
        /** Connecting or logging in, for the first time or again. */
        CONNECTING,
        /** Logged in. */
        CONNECTED,
        /** Stopped: closed, or a close code that ends it ({@link #STOP_CODES}). Final. */
        CLOSED
    }

    /**
     * Receives a client's events, on the client's thread, in order (see the class's notes on threads). Every method
     * has a default that does nothing, as {@link java.net.http.WebSocket.Listener}'s do; an exception thrown by one
     * is passed to {@link #onError}.
     */
    public interface Listener {

        /** Logged in (the first time or again); {@code session} is the login reply's data. */
        default void onConnected(HeraldClient client, Session session) {
        }

        /**
         * A logged-in connection ended: the node's close code and reason, or 1006 where none came (the connection
         * broke, a heartbeat went unanswered), or 1000 for {@link #close()}. The client reconnects unless it stops.
         */
        default void onDisconnected(HeraldClient client, int code, String reason) {
        }

        /** A push; it is acked once this returns (unless auto-ack is off). A push seen already is not passed on. */
        default void onPush(HeraldClient client, Push push) {
        }

        /** After a login with positions: every stream was recovered whole; the pushes missed come next, in order. */
        default void onRecovered(HeraldClient client, Set<String> streams) {
        }

        /**
         * After a login with positions: these streams could not be recovered (epoch changed, history too short); what
         * the history still held comes next. Re-read the state they carry from the backend.
         */
        default void onLost(HeraldClient client, Set<String> streams) {
        }

        /** Something went wrong that did not end the client: a failed attempt to connect, a refused refresh. */
        default void onError(HeraldClient client, Throwable error) {
        }

        /**
         * The client stopped for good: {@link #close()} (1000) or a close code of {@link #STOP_CODES}. The last event.
         */
        default void onStopped(HeraldClient client, int code, String reason) {
        }
    }

    private final Engine engine;
    private final Settings settings;

    private HeraldClient(Settings settings) {
        this.settings = settings;
        this.engine = new Engine(this, settings);
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Starts connecting, and reconnecting whenever the connection ends, until {@link #close()} or a stop code. The
     * future completes at the first login, or fails where the client stops before (or has stopped already); it waits
     * through failed attempts (add {@code orTimeout} for a bound).
     */
    public CompletableFuture<HeraldClient> connect() {
        if (engine.state() == State.CLOSED || !engine.execute(engine::start)) {
            return CompletableFuture.failedFuture(new IllegalStateException("the client is closed (a client that "
                    + "stopped is not started again: build a new one)"));
        }
        return engine.firstLogin().copy();
    }

    /** Sends a command with the default timeout; see {@link #send(String, String, Duration)}. */
    public CompletableFuture<Reply> send(String cmd, String data) {
        return send(cmd, data, settings.commandTimeout());
    }

    /**
     * Sends a command (forwarded to the node's upstream) with its data, JSON text sent as it is (null for none).
     * The future completes with the reply, or fails with a {@link ReplyException} (any code but 2xx, e.g. 404 where no
     * upstream takes it), a {@link java.util.concurrent.TimeoutException}, or a {@link DisconnectedException} (not
     * logged in when sent: commands are not queued while away; or the connection went before the reply).
     *
     * @throws IllegalArgumentException where {@code data} is not one JSON value
     */
    public CompletableFuture<Reply> send(String cmd, String data, Duration timeout) {
        Objects.requireNonNull(cmd, "cmd");
        Settings.requirePositive("timeout", timeout);
        if (data != null) {
            engine.json().requireValue(data);
        }
        return command(cmd, Map.of(), data, timeout, reply -> { });
    }

    /** Joins a group; 403 where the token does not allow it. Records where the group's stream starts, where said. */
    public CompletableFuture<Reply> join(String group) {
        Objects.requireNonNull(group, "group");
        return command("join", Map.of("group", group), null, settings.commandTimeout(), reply -> engine.commands().joined(reply));
    }

    /** Leaves a group; its stream is no longer asked for at the next login. */
    public CompletableFuture<Reply> leave(String group) {
        Objects.requireNonNull(group, "group");
        return command("leave", Map.of("group", group), null, settings.commandTimeout(), reply -> engine.commands().left(group));
    }

    /**
     * Sends a new token for this connection ({@code refresh}); once accepted, later logins use it too. A client with a
     * token supplier does this by itself before each token's {@code exp}.
     */
    public CompletableFuture<Reply> refresh(String token) {
        Objects.requireNonNull(token, "token");
        return command("refresh", Map.of("token", token), null, settings.commandTimeout(),
                reply -> engine.refreshed(token));
    }

    /** Acks a push by its id, for a client built with {@code autoAck(false)}; nothing where not connected. */
    public void ack(String pushId) {
        Objects.requireNonNull(pushId, "pushId");
        engine.execute(() -> engine.commands().ack(pushId));
    }

    /** Each stream's position as the client keeps it: what the next login sends as {@code since}. */
    public Map<String, Position> positions() {
        return engine.positions();
    }

    /** The last login reply's data, or null before the first login. */
    public Session session() {
        return engine.session();
    }

    public State state() {
        return engine.state();
    }

    /** The user this client logs in as. */
    public String uid() {
        return settings.uid();
    }

    /**
     * Closes the connection with 1000 and stops reconnecting; commands waiting fail with a
     * {@link DisconnectedException}, then {@code onDisconnected} (where logged in) and {@code onStopped} are called.
     * Returns once they were, unless called on the client's own thread (from a listener), where it returns at once.
     */
    @Override
    public void close() {
        engine.execute(engine::close);
        if (!engine.onClientThread()) {
            engine.stopped().join();
        }
    }

    private CompletableFuture<Reply> command(String cmd, Map<String, String> fields, String data, Duration timeout,
                                             java.util.function.Consumer<Reply> onSuccess) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        boolean queued = engine.execute(() -> engine.commands().send(cmd, fields, data, timeout, onSuccess)
                .whenComplete((reply, failure) -> {
                    if (failure == null) {
                        result.complete(reply);
                    } else {
                        result.completeExceptionally(failure instanceof java.util.concurrent.CompletionException
                                && failure.getCause() != null ? failure.getCause() : failure);
                    }
                }));
        if (!queued) {
            result.completeExceptionally(new DisconnectedException("the client is closed: " + cmd + " was not sent"));
        }
        return result;
    }

    /** Whether a close with {@code code} stops the client. */
    static boolean stops(int code, boolean asksForTokens) {
        return STOP_CODES.containsKey(code) && !(code == 4001 && asksForTokens);
    }

    /**
     * Builds a {@link HeraldClient}: {@code uri} or {@code uris}, {@code uid}, and {@code token} or a token supplier
     * are required; the rest have defaults. Not thread-safe; {@link #build()} checks everything and fails naming the
     * setting, the value and what was expected.
     */
    public static final class Builder {

        private List<URI> uris = List.of();
        private String uid;
        private String device;
        private String token;
        private Supplier<? extends CompletionStage<String>> tokens;
        private Listener listener = new Listener() { };
        private Duration commandTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration minReconnectDelay = Duration.ofMillis(250);
        private Duration maxReconnectDelay = Duration.ofSeconds(15);
        private Duration refreshBeforeExpiry = Duration.ofSeconds(30);
        private int dedupeSize = 1000;
        private boolean autoAck = true;
        private boolean orderedReplies;
        private Map<String, Position> since = Map.of();
        private HttpClient httpClient;

        private Builder() {
        }

        /** The node's WebSocket address, {@code ws://host:8080/ws} or {@code wss://…}. */
        public Builder uri(URI uri) {
            return uris(List.of(uri));
        }

        /** Several nodes' addresses: the first is tried first; each reconnect tries the next, in turn. */
        public Builder uris(URI... uris) {
            return uris(List.of(uris));
        }

        public Builder uris(List<URI> uris) {
            this.uris = List.copyOf(uris);
            return this;
        }

        public Builder uid(String uid) {
            this.uid = uid;
            return this;
        }

        /** The device name the node reports in its events and {@code /api/online}; none by default. */
        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /**
         * One token for every login; it expires with its {@code exp} (the node then closes 4001 and the client stops),
         * unless {@link HeraldClient#refresh} gave a new one.
         */
        public Builder token(String token) {
            this.token = token;
            this.tokens = null;
            return this;
        }

        /**
         * Asks for a token at every login and again {@link #refreshBeforeExpiry} before the token's {@code exp}
         * (sent with {@code refresh}); called on the client's thread, so it should be quick: see
         * {@link #asyncTokenSupplier} for one that fetches.
         */
        public Builder tokenSupplier(Supplier<String> supplier) {
            Objects.requireNonNull(supplier, "tokenSupplier");
            return asyncTokenSupplier(() -> CompletableFuture.completedFuture(supplier.get()));
        }

        /** As {@link #tokenSupplier}, for a token that comes later (fetched from a backend). */
        public Builder asyncTokenSupplier(Supplier<? extends CompletionStage<String>> supplier) {
            this.tokens = Objects.requireNonNull(supplier, "asyncTokenSupplier");
            this.token = null;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How long a command (the login included) waits for its reply; 10 s by default. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /** How long the WebSocket upgrade may take; 10 s by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * The reconnect backoff: the n-th attempt in a row waits a random time between 0 and
         * {@code min(max, min * 2^n)}; 250 ms and 15 s by default.
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            this.minReconnectDelay = min;
            this.maxReconnectDelay = max;
            return this;
        }

        /** How long before a token's {@code exp} a supplied token is refreshed; 30 s by default. */
        public Builder refreshBeforeExpiry(Duration before) {
            this.refreshBeforeExpiry = before;
            return this;
        }

        /** How many push ids are remembered to drop duplicates; 1000 by default. */
        public Builder dedupeSize(int size) {
            this.dedupeSize = size;
            return this;
        }

        /** Whether pushes are acked once the listener took them; true by default. Otherwise see {@link #ack}. */
        public Builder autoAck(boolean autoAck) {
            this.autoAck = autoAck;
            return this;
        }

        /**
         * Whether the replies of commands forwarded to the upstream come in the order the commands were sent
         * ({@code "ordered":true} at login); false by default: each as its answer arrives.
         */
        public Builder orderedReplies(boolean ordered) {
            this.orderedReplies = ordered;
            return this;
        }

        /** Positions saved from an earlier client ({@link #positions()}): the first login recovers from there. */
        public Builder since(Map<String, Position> positions) {
            this.since = Map.copyOf(positions);
            return this;
        }

        /**
         * The HTTP client that opens the WebSockets (for TLS settings, a proxy, or to share one among clients); one of
         * its own by default.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        public HeraldClient build() {
            // Checked first: the HTTP client is built with it.
            Settings.requirePositive("connectTimeout", connectTimeout);
            HttpClient http = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(connectTimeout).build();
            return new HeraldClient(new Settings(uris, uid, device, token, tokens, tokens != null, listener,
                    commandTimeout, connectTimeout, minReconnectDelay, maxReconnectDelay, refreshBeforeExpiry,
                    dedupeSize, autoAck, orderedReplies, since, http));
        }
    }
}
