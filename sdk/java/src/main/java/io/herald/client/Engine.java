package io.herald.client;

import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The client's state and everything that changes it, confined to the client's one thread: connecting, logging in,
 * heartbeats, reading frames, reconnecting, stopping. {@link HeraldClient} hands calls in through {@link #execute};
 * {@link Connection} hands in what its WebSocket reports. Listener methods are called here, in order.
 *
 * <p>A connection that is not {@link #current} any more (dropped, replaced) is ignored whatever it reports, so a
 * late event of a dead connection never touches the live one.
 */
final class Engine {

    private static final System.Logger LOG = System.getLogger(HeraldClient.class.getName());

    private final HeraldClient client;
    private final Settings settings;
    private final ScheduledThreadPoolExecutor thread;
    private final Json json = new Json();
    private final Positions positions;
    private final SeenIds seen;
    private final Backoff backoff;
    private final CompletableFuture<HeraldClient> firstLogin = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Heartbeats heartbeats;
    private final TokenRefresher refresher;
    private final Commands commands;
    private volatile HeraldClient.State state = HeraldClient.State.NEW;
    private volatile Session session;
    private volatile Thread clientThread;
    private Connection current;
    private boolean stopping;
    private int uriIndex;
    private long lastId;
    /** The token of a client given one (not a supplier): the last one the node accepted. */
    private String token;

    Engine(HeraldClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.positions = new Positions(settings.since());
        this.seen = new SeenIds(settings.dedupeSize());
        this.backoff = new Backoff(settings.minReconnectDelay(), settings.maxReconnectDelay(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.thread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread made = new Thread(task, "herald-client-" + settings.uid());
            made.setDaemon(true);
            clientThread = made;
            return made;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.heartbeats = new Heartbeats(this, thread);
        this.refresher = new TokenRefresher(this, thread, settings.refreshBeforeExpiry());
        this.commands = new Commands(this, json, positions);
        this.token = settings.token();
    }

    // ---- any thread

    /** Runs {@code task} on the client's thread, after what is queued; false once the client has stopped. */
    boolean execute(Runnable task) {
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    boolean onClientThread() {
        return Thread.currentThread() == clientThread;
    }

    HeraldClient.State state() {
        return state;
    }

    Session session() {
        return session;
    }

    Map<String, Position> positions() {
        return positions.snapshot();
    }

    CompletableFuture<HeraldClient> firstLogin() {
        return firstLogin;
    }

    CompletableFuture<Void> stopped() {
        return stopped;
    }

    Json json() {
        return json;
    }

    // ---- the client's thread from here on

    void start() {
        if (state == HeraldClient.State.NEW) {
            state = HeraldClient.State.CONNECTING;
            open();
        }
    }

    private void open() {
        Connection connection = new Connection(this, thread, settings.uris().get(uriIndex));
        current = connection;
        askForToken().whenComplete((token, failure) -> execute(() -> {
            if (connection != current) {
                return;
            }
            if (failure != null || token == null) {
                current = null;
                error(failure == null ? new IllegalStateException("the token supplier gave null") : unwrap(failure));
                retry();
                return;
            }
            connection.token(token);
            settings.httpClient().newWebSocketBuilder().connectTimeout(settings.connectTimeout())
                    .buildAsync(connection.uri(), connection)
                    .whenComplete((socket, refused) -> {
                        if (refused != null) {
                            execute(() -> notOpened(connection, unwrap(refused)));
                        }
                    });
        }));
    }

    CompletionStage<String> askForToken() {
        if (!settings.asksForTokens()) {
            return CompletableFuture.completedFuture(token);
        }
        try {
            return settings.tokens().get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void notOpened(Connection connection, Throwable why) {
        if (connection == current) {
            current = null;
            error(why);
            retry();
        }
    }

    void opened(Connection connection, WebSocket socket) {
        if (connection != current || stopping) {
            socket.abort();
            return;
        }
        connection.opened(socket);
        Map<String, Position> since = positions.since();
        String id = nextId();
        String frame = json.login(id, settings.uid(), connection.token(), settings.device(),
                settings.orderedReplies(), since);
        connection.request(id, "login", frame, settings.commandTimeout()).whenComplete((reply, failure) -> {
            if (connection != current) {
                return;
            }
            if (failure == null) {
                loggedIn(connection, reply, since);
            } else {
                loginFailed(connection, unwrap(failure));
            }
        });
    }

    private void loggedIn(Connection connection, Reply reply, Map<String, Position> since) {
        Session answer;
        try {
            answer = json.session(reply.data());
        } catch (IOException e) {
            error(e);
            drop(connection, "a login reply that cannot be read");
            return;
        }
        Set<String> lost = positions.loggedIn(since, answer);
        session = answer;
        state = HeraldClient.State.CONNECTED;
        backoff.reset();
        heartbeats.start(connection, answer.heartbeat());
        refresher.schedule(connection.token());
        call(listener -> listener.onConnected(client, answer));
        if (!since.isEmpty()) {
            if (answer.recovered()) {
                call(listener -> listener.onRecovered(client, Set.copyOf(since.keySet())));
            } else {
                call(listener -> listener.onLost(client, Set.copyOf(lost)));
            }
        }
        firstLogin.complete(client);
    }

    private void loginFailed(Connection connection, Throwable failure) {
        error(failure);
        if (failure instanceof TimeoutException) {
            drop(connection, "no login reply within " + settings.commandTimeout().toMillis() + " ms");
        } else if (failure instanceof ReplyException) {
            connection.refuse();
            // The node closes a refused login itself (4001, 4010), and that close decides what comes next; one that
            // keeps the connection open instead (a 429) is dropped, and the client tries again later.
            thread.schedule(() -> {
                if (connection == current && state != HeraldClient.State.CONNECTED) {
                    drop(connection, "login refused: " + failure.getMessage());
                }
            }, settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void frame(Connection connection, String text) {
        if (connection != current) {
            return;
        }
        Frame frame;
        try {
            frame = json.frame(text);
        } catch (IOException e) {
            error(new IOException("a frame that cannot be read: " + e.getMessage(), e));
            return;
        }
        if (frame.isPush()) {
            pushed(connection, frame);
        } else if (frame.id() != null) {
            connection.answered(frame.id(), frame.reply());
        }
    }

    private void pushed(Connection connection, Frame frame) {
        positions.pushed(frame.stream(), frame.seq());
        if (frame.id() == null || seen.add(frame.id())) {
            Push push = frame.push();
            call(listener -> listener.onPush(client, push));
        }
        if (settings.autoAck() && frame.id() != null) {
            connection.send(json.command(null, "ack", Map.of("id", frame.id()), null));
        }
    }

    void closed(Connection connection, int code, String reason) {
        lost(connection, code, reason == null ? "" : reason);
    }

    void failed(Connection connection, Throwable failure) {
        if (connection == current) {
            connection.abort();
            Throwable why = unwrap(failure);
            lost(connection, 1006, why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage());
        }
    }

    /** Drops a connection that is alive in name only (no reply to a heartbeat or a login) and reconnects. */
    void drop(Connection connection, String why) {
        if (connection == current) {
            connection.abort();
            lost(connection, 1006, why);
        }
    }

    private void lost(Connection connection, int code, String reason) {
        if (connection != current) {
            return;
        }
        current = null;
        connection.end("disconnected (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
        heartbeats.stop();
        refresher.cancel();
        boolean wasConnected = state == HeraldClient.State.CONNECTED;
        state = HeraldClient.State.CONNECTING;
        if (wasConnected) {
            call(listener -> listener.onDisconnected(client, code, reason));
        } else if (!stopping && !connection.refused() && !HeraldClient.stops(code, settings.asksForTokens())) {
            error(new IOException("the connection to " + connection.uri() + " closed before its login was answered: "
                    + code + (reason.isEmpty() ? "" : " " + reason)));
        }
        if (stopping) {
            return;
        }
        if (HeraldClient.stops(code, settings.asksForTokens())) {
            stop(code, reason.isEmpty() ? HeraldClient.STOP_CODES.get(code) : reason);
        } else {
            retry();
        }
    }

    private void retry() {
        if (stopping) {
            return;
        }
        state = HeraldClient.State.CONNECTING;
        uriIndex = (uriIndex + 1) % settings.uris().size();
        Duration delay = backoff.next();
        thread.schedule(() -> {
            if (!stopping && current == null) {
                open();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        Connection connection = current;
        if (connection != null) {
            connection.close(1000);
            lost(connection, 1000, "closed by the client");
        }
        stop(1000, "closed by the client");
    }

    private void stop(int code, String reason) {
        stopping = true;
        state = HeraldClient.State.CLOSED;
        heartbeats.stop();
        refresher.cancel();
        firstLogin.completeExceptionally(new HeraldException("the client stopped: " + code + " " + reason));
        call(listener -> listener.onStopped(client, code, reason));
        stopped.complete(null);
        thread.shutdown();
    }

    /** The connection commands go on: the current one where logged in, else null. */
    Connection live() {
        return state == HeraldClient.State.CONNECTED ? current : null;
    }

    Commands commands() {
        return commands;
    }

    boolean isCurrent(Connection connection) {
        return connection == current;
    }

    String nextId() {
        return Long.toString(++lastId);
    }

    Duration commandTimeout() {
        return settings.commandTimeout();
    }

    /** A new token was accepted for this connection: later logins use it too, and it is refreshed in its turn. */
    void refreshed(String token) {
        this.token = token;
        Connection connection = current;
        if (connection != null) {
            connection.token(token);
            refresher.schedule(token);
        }
    }

    boolean asksForTokens() {
        return settings.asksForTokens();
    }

    void error(Throwable error) {
        try {
            settings.listener().onError(client, error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the listener's onError threw", e);
        }
    }

    private void call(Consumer<HeraldClient.Listener> event) {
        try {
            event.accept(settings.listener());
        } catch (RuntimeException e) {
            error(e);
        }
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
