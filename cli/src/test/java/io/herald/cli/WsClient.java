package io.herald.cli;

import io.herald.gateway.JsonTree;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of a node in another JVM, on the JDK's own WebSocket ({@link WebSocket}). Every text message the
 * server sends goes into a queue in arrival order; the end of the connection, a close frame or a broken
 * connection alike, is what {@link #awaitEnd()} waits for. Tests wait on those with a bound, never by sleeping.
 *
 * <p>Threads: the listener runs on the JDK's WebSocket threads; the test thread reads the queue and future.
 */
final class WsClient implements InteropClient {

    /** How long any single wait for a node may take before the test fails. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) {
        this(uri, HTTP);
    }

    private WsClient(URI uri, HttpClient http) {
        this.socket = await(http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, new Listener()),
                "connect to " + uri);
    }

    /** Connects to {@code uri}: a login it carries, if any, is the first message. */
    static WsClient connect(URI uri) {
        return new WsClient(uri);
    }

    /** Sends one JSON text message as written. */
    @Override
    public void send(String text) {
        await(socket.sendText(text, true), "send " + text);
    }

    /** Connects to {@code uri} and logs in as {@code uid} with the README's development token. */
    static WsClient login(URI uri, String uid) {
        return login(uri, uid, HTTP);
    }

    /** The same through {@code http}: for {@code wss://}, one that trusts the node's certificate. */
    static WsClient login(URI uri, String uid, HttpClient http) {
        WsClient client = new WsClient(uri, http);
        try {
            Map<String, Object> reply = client.request(Map.of("id", "login", "cmd", "login", "uid", uid,
                    "token", "dev"));
            assertThat(reply).as("login reply of %s at %s", uid, uri).containsEntry("code", 200);
            return client;
        } catch (RuntimeException | Error e) {
            client.abort();
            throw e;
        }
    }

    /**
     * Connects to {@code uri} and logs in as {@code uid} with the development token, recovering from {@code since}
     * (stream to {epoch, seq}); returns the client and the login reply's {@code data} through {@code data}.
     */
    @SuppressWarnings("unchecked")
    static WsClient loginSince(URI uri, String uid, Map<String, ?> since, Map<String, Object> data) {
        WsClient client = new WsClient(uri);
        try {
            Map<String, Object> reply = client.request(since.isEmpty()
                    ? Map.of("id", "login", "cmd", "login", "uid", uid, "token", "dev")
                    : Map.of("id", "login", "cmd", "login", "uid", uid, "token", "dev", "since", since));
            assertThat(reply).as("login reply of %s at %s", uid, uri).containsEntry("code", 200);
            data.putAll((Map<String, Object>) reply.get("data"));
            return client;
        } catch (RuntimeException | Error e) {
            client.abort();
            throw e;
        }
    }

    /** Sends one object as a JSON text message and returns the next message, which should be its reply. */
    Map<String, Object> request(Map<String, ?> json) {
        await(socket.sendText(JsonTree.write(json), true), "send " + json);
        return next();
    }

    /** The next message as a JSON object, or fails the test where none arrives in time. */
    @Override
    public Map<String, Object> next() {
        try {
            String message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within %s%s", WAIT,
                    ended.isDone() ? "; the connection ended: " + ended.getNow("") : "").isNotNull();
            return JsonTree.parseObject(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message", e);
        }
    }

    /** The next message, which must be a push; returns it whole. */
    Map<String, Object> nextPush() {
        Map<String, Object> push = next();
        assertThat(push).as("expected a push").containsEntry("cmd", "push");
        return push;
    }

    /** The next message, which must be a push; returns its {@code data}. */
    Object nextPushData() {
        Map<String, Object> push = next();
        assertThat(push).as("expected a push").containsEntry("cmd", "push");
        return push.get("data");
    }

    /**
     * Waits until the connection has ended, however it did, and says how: {@code "close CODE"} or
     * {@code "error EXCEPTION"}; fails the test past the bound.
     */
    String awaitEnd() {
        return await(ended, "see the connection end");
    }

    /** Completes as {@link #awaitEnd()} returns, at the moment the connection ends. */
    CompletionStage<String> end() {
        return ended;
    }

    /** Sends a close frame with 1000 and returns the code of the close frame the server answered with. */
    @Override
    public int closeNormally() {
        await(socket.sendClose(WebSocket.NORMAL_CLOSURE, ""), "send a close frame");
        String end = awaitEnd();
        assertThat(end).as("how the connection ended").startsWith("close ");
        return Integer.parseInt(end.substring("close ".length()));
    }

    /** Drops the connection without a close handshake. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        abort();
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not " + what + " within " + WAIT, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            messages.add(JsonTree.write(new LinkedHashMap<>(Map.of("binary", data.remaining()))));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ended.complete("close " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended.complete("error " + error);
        }
    }
}
