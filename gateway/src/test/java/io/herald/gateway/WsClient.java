package io.herald.gateway;

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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A WebSocket client for the integration tests, on the JDK's own implementation ({@link WebSocket}), so that
 * the gateway is checked against a client it shares no code with. Every text message the server sends goes
 * into a queue in arrival order; the close code completes a future. Tests wait on those with a bound, never
 * by sleeping. The JDK answers Pings with Pongs by itself; this client counts the Pings it saw.
 *
 * <p>Threads: the listener runs on the JDK's WebSocket threads; the test thread reads the queue and futures.
 */
public final class WsClient {

    /** How long any single wait for the server may take before the test fails. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    /** One client for every WebSocket: each {@link HttpClient} has its own selector thread. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final Semaphore pings = new Semaphore(0);
    private volatile WebSocket socket;
    private volatile String conn;

    private WsClient() {
    }

    /** Connects and completes the WebSocket handshake, or fails the test. */
    public static WsClient connect(URI uri) {
        return connect(uri, HTTP);
    }

    /** The same through {@code http}: for {@code wss://}, one whose TLS context trusts the node's certificate. */
    public static WsClient connect(URI uri, HttpClient http) {
        try {
            return connectAsync(uri, Map.of(), http).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting to " + uri, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not connect to " + uri, e);
        }
    }

    /** Starts connecting; the stage fails where the handshake does (for example with a 503). */
    public static CompletableFuture<WsClient> connectAsync(URI uri) {
        return connectAsync(uri, Map.of());
    }

    /** Starts connecting with {@code headers} on the upgrade request (such as a browser's {@code Origin}). */
    public static CompletableFuture<WsClient> connectAsync(URI uri, Map<String, String> headers) {
        return connectAsync(uri, headers, HTTP);
    }

    private static CompletableFuture<WsClient> connectAsync(URI uri, Map<String, String> headers, HttpClient http) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        return builder
                .buildAsync(uri, client.new Listener())
                .thenApply(ws -> {
                    client.socket = ws;
                    return client;
                });
    }

    /** Sends one whole text message. */
    public void send(String text) {
        await(socket.sendText(text, true), "send a text message");
    }

    /** Sends one object as a JSON text message. */
    public void send(Map<String, ?> json) {
        send(JsonTree.write(json));
    }

    /** Sends one text message in two fragments (a text frame and a continuation frame). */
    public void sendFragmented(String first, String second) {
        await(socket.sendText(first, false), "send a first fragment");
        await(socket.sendText(second, true), "send the last fragment");
    }

    public void sendBinary(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), true), "send a binary message");
    }

    /** Sends {@code json} and returns the next message, which the caller expects to be the reply. */
    public Map<String, Object> request(Map<String, ?> json) {
        send(json);
        return next();
    }

    /** Sends raw text and returns the next message, which the caller expects to be the reply. */
    public Map<String, Object> request(String text) {
        send(text);
        return next();
    }

    /**
     * Logs in and checks that the server answered 200; remembers the connection id it gave.
     *
     * @param device the device to name, or {@code null}
     */
    public Map<String, Object> login(String uid, String token, String device) {
        Map<String, Object> reply = tryLogin(uid, token, device);
        assertThat(reply).as("login reply for %s", uid).containsEntry("code", 200);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) reply.get("data");
        conn = (String) data.get("conn");
        return reply;
    }

    /** Sends a login and returns the reply, whatever it is. */
    public Map<String, Object> tryLogin(String uid, String token, String device) {
        return tryLogin(uid, token, device, Map.of());
    }

    /** Sends a login that recovers from {@code since} (stream to {epoch, seq}) and returns the reply. */
    public Map<String, Object> tryLogin(String uid, String token, String device, Map<String, ?> since) {
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("id", "login-" + uid);
        login.put("cmd", "login");
        login.put("uid", uid);
        login.put("token", token);
        if (device != null) {
            login.put("device", device);
        }
        if (!since.isEmpty()) {
            login.put("since", since);
        }
        return request(login);
    }

    /** Logs in recovering from {@code since}, checks the 200 and remembers the connection; returns the reply's data. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> loginSince(String uid, String token, Map<String, ?> since) {
        Map<String, Object> reply = tryLogin(uid, token, null, since);
        assertThat(reply).as("login reply for %s", uid).containsEntry("code", 200);
        Map<String, Object> data = (Map<String, Object>) reply.get("data");
        conn = (String) data.get("conn");
        return data;
    }

    /** Acks a push. */
    public void ack(String id) {
        send(Map.of("cmd", "ack", "id", id));
    }

    /** Remembers the connection id of a login reply read by the caller. */
    public void useConnection(String conn) {
        this.conn = conn;
    }

    /** The connection id the login reply named; {@code null} before a successful login. */
    public String conn() {
        return conn;
    }

    /** The next text message, or fails the test where none arrives in time. */
    public String nextText() {
        try {
            String message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("no message within " + WAIT
                        + (closeCode.isDone() ? "; the connection closed: " + closeState() : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message", e);
        }
    }

    /** The next text message as a JSON object. */
    public Map<String, Object> next() {
        return JsonTree.parseObject(nextText());
    }

    /** The next message, which must be a push; returns it. */
    public Map<String, Object> nextPush() {
        Map<String, Object> push = next();
        assertThat(push).as("expected a push").containsEntry("cmd", "push");
        return push;
    }

    /** Messages received and not read yet. */
    public int pending() {
        return messages.size();
    }

    /** Waits for the server's close and returns its code, or fails the test. */
    public int awaitClose() {
        try {
            return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the close", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the connection failed instead of closing with a code", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WAIT);
        }
    }

    /** The reason of the server's close frame, once {@link #awaitClose} returned; {@code null} before. */
    public String closeReason() {
        return closeReason;
    }

    public boolean closed() {
        return closeCode.isDone();
    }

    private String closeState() {
        try {
            return String.valueOf(closeCode.getNow(null));
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /** Waits until the server has sent {@code n} Pings since the last call, or fails the test. */
    public void awaitPings(int n) {
        try {
            assertThat(pings.tryAcquire(n, WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("%d pings within %s", n, WAIT).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for pings", e);
        }
    }

    /** Starts a normal close from the client side. */
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            await(ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"), "send a close");
        }
    }

    /** Drops the connection without a close handshake; for cleanup. */
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not " + what, e);
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
            messages.add("(binary message of " + data.remaining() + " bytes)");
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            // The JDK sends the Pong itself.
            pings.release();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
