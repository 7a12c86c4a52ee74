package io.herald.client;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket to a node, from its upgrade to its end, and the commands waiting for a reply on it.
 *
 * <p>Threads: the JDK calls the {@link WebSocket.Listener} methods on its own threads, one at a time; each hands its
 * event to the client's thread ({@link Engine#execute}) and returns at once, so no application code ever runs on, or
 * holds up, the JDK's threads. Everything else runs on the client's thread.
 *
 * <p>Reading ahead: the next message is {@linkplain WebSocket#request requested} as soon as one arrives, while fewer
 * than {@link #READ_AHEAD} wait for the client's thread; past that, only once the client's thread has caught up, so
 * that a slow listener slows the reading of the socket (and, past the node's bounds, gets the connection closed 4009)
 * rather than piling frames up in memory. Why not one message at a time, requested once handled: JDK 17's WebSocket
 * loses the end of a connection that comes while nothing is requested (its end of stream fails with an
 * InternalError it swallows, and a write that fails with "connection reset" completes normally), so neither
 * {@code onClose} nor {@code onError} is called and only a heartbeat would notice. Keeping a request outstanding
 * narrows that to a client that fell {@link #READ_AHEAD} frames behind, which heartbeats then cover.
 *
 * <p>The JDK allows one send at a time: each frame is chained after the one before ({@link #sends}), which needs no
 * thread of the client's, so the close frame of {@link #close} goes out even once the client's thread is gone.
 */
final class Connection implements WebSocket.Listener {

    private static final long CLOSE_GRACE_MILLIS = 1000;

    /** How many whole messages may wait for the client's thread before the socket is no longer read. */
    static final int READ_AHEAD = 256;

    private final Engine engine;
    private final ScheduledExecutorService thread;
    private final URI uri;
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    /** Whole messages handed to the client's thread and not handled yet. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, CompletableFuture<Reply>> pending = new HashMap<>();
    private CompletableFuture<WebSocket> sends = opened;
    private String token;
    private boolean ended;
    private boolean refused;

    Connection(Engine engine, ScheduledExecutorService thread, URI uri) {
        this.engine = engine;
        this.thread = thread;
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    String token() {
        return token;
    }

    void token(String token) {
        this.token = token;
    }

    /** Whether the node refused this connection's login (its close follows). */
    boolean refused() {
        return refused;
    }

    void refuse() {
        refused = true;
    }

    // ---- the client's thread

    /** The WebSocket is open: frames sent meanwhile go out. */
    void opened(WebSocket socket) {
        opened.complete(socket);
    }

    /** Sends a text frame after those before it; a failure ends the connection. */
    void send(String frame) {
        if (ended) {
            return;
        }
        CompletableFuture<WebSocket> next = sends.thenCompose(socket -> socket.sendText(frame, true));
        next.whenComplete((socket, failure) -> {
            if (failure != null) {
                engine.execute(() -> engine.failed(this, failure));
            }
        });
        sends = next;
    }

    /**
     * Sends a command's {@code frame}, written with {@code id}; the future completes, on the client's thread, with its
     * reply ({@link #answered}), a {@link TimeoutException} past {@code timeout}, or a {@link DisconnectedException}
     * where the connection ends first ({@link #end}).
     */
    CompletableFuture<Reply> request(String id, String cmd, String frame, Duration timeout) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ScheduledFuture<?> timer = thread.schedule(() -> {
            if (pending.remove(id, reply)) {
                reply.completeExceptionally(new TimeoutException(cmd + ": no reply within " + timeout.toMillis()
                        + " ms"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((answer, failure) -> timer.cancel(false));
        send(frame);
        return reply;
    }

    /** Completes the command {@code id} answered: its reply, or a {@link ReplyException} for any code but 2xx. */
    void answered(String id, Reply reply) {
        CompletableFuture<Reply> future = pending.remove(id);
        if (future == null) {
            return;
        }
        if (reply.ok()) {
            future.complete(reply);
        } else {
            future.completeExceptionally(new ReplyException(reply));
        }
    }

    /** Ends the connection as far as the client goes: nothing more is sent and the commands waiting fail. */
    void end(String why) {
        ended = true;
        DisconnectedException failure = new DisconnectedException(why);
        Map<String, CompletableFuture<Reply>> waiting = new HashMap<>(pending);
        pending.clear();
        waiting.values().forEach(future -> future.completeExceptionally(failure));
    }

    /** Sends a close frame after what was queued, and drops the TCP connection if the node has not within 1 s. */
    void close(int code) {
        sends.thenCompose(socket -> socket.sendClose(code, ""))
                .whenComplete((socket, failure) -> CompletableFuture.delayedExecutor(CLOSE_GRACE_MILLIS,
                        TimeUnit.MILLISECONDS).execute(this::abort));
        ended = true;
    }

    /** Drops the TCP connection at once, without a close frame (a dead connection). Any thread. */
    void abort() {
        opened.thenAccept(WebSocket::abort);
    }

    // ---- the JDK's threads

    @Override
    public void onOpen(WebSocket socket) {
        socket.request(1);
        if (!engine.execute(() -> engine.opened(this, socket))) {
            socket.abort();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (!last) {
            socket.request(1);
            return null;
        }
        String frame = text.toString();
        text.setLength(0);
        boolean readOn = waiting.incrementAndGet() < READ_AHEAD;
        boolean handed = engine.execute(() -> {
            engine.frame(this, frame);
            // The message that brings the count down from the bound asks for the next one the JDK's thread did not.
            if (waiting.getAndDecrement() >= READ_AHEAD) {
                socket.request(1);
            }
        });
        if (!handed) {
            socket.abort();
        } else if (readOn) {
            socket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        if (!engine.execute(() -> engine.closed(this, code, reason))) {
            socket.abort();
        }
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        engine.execute(() -> engine.failed(this, error));
    }
}
