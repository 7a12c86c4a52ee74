package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.route.ClientTransport;
import io.herald.route.Delivered;
import io.herald.route.http.HttpClient;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Relays operations to other nodes: {@code POST /internal/relay}, authenticated by the cluster secret, with one
 * {@link NodeRelay} per address batching what is bound there over its own kept-alive connections (pushes whose
 * acks are awaited over a pooled {@link HttpClient}). A node whose address is {@code https://host:port} is relayed
 * to over TLS, its certificate checked against the trust the client is built with and the host it advertises.
 * Thread-safe.
 */
public final class RelayClient implements Relay, AutoCloseable {

    public static final String PATH = "/internal/relay";

    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** Hears how relays to each address fare, to mark unreachable nodes dead and to log once per outage. */
    public interface Listener {
        /**
         * A request failed: {@link java.net.ConnectException} (possibly wrapped) where the node refused the
         * connection, a timeout, or a bad answer.
         */
        void failed(String address, Throwable cause);

        void succeeded(String address);
    }

    private final ClientTransport transport;
    private final Json json;
    private final Listener listener;
    private final long timeoutMillis;
    private final int connectionsPerNode;
    private final HttpClient http;
    private final HttpClient https;
    private final SslContext tls;
    private final HttpHeaders headers;
    private final Map<String, NodeRelay> relays = new ConcurrentHashMap<>();
    /** Operations submitted (a push, or part of one, for another node), for the node's metrics. */
    private final LongAdder ops = new LongAdder();
    /** HTTP requests sent, each carrying a batch of operations (retries included), for the node's metrics. */
    private final LongAdder requests = new LongAdder();

    /**
     * @param tls whom the certificates of nodes at {@code https://} addresses must be signed by; relays to such
     *            nodes fail without it
     */
    public RelayClient(ClientTransport transport, Json json, String clusterSecret, Duration timeout,
                       int connectionsPerNode, Listener listener, Optional<SslContext> tls) {
        this.transport = transport;
        this.json = json;
        this.listener = listener;
        this.timeoutMillis = timeout.toMillis();
        this.connectionsPerNode = connectionsPerNode;
        this.http = new HttpClient(transport, timeout, connectionsPerNode, MAX_ANSWER_BYTES);
        this.tls = tls.orElse(null);
        this.https = tls.isPresent() ? new HttpClient(transport, timeout, connectionsPerNode, MAX_ANSWER_BYTES, tls)
                : null;
        this.headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + clusterSecret)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    }

    /** Operations queued together for the same node go in one request. */
    @Override
    public CompletableFuture<Delivered> submit(String address, RelayOp op) {
        ops.increment();
        NodeRelay relay;
        try {
            relay = relays.computeIfAbsent(address, this::newRelay);
        } catch (IllegalArgumentException e) {
            RelayOp.release(op);
            listener.failed(address, e);
            return CompletableFuture.completedFuture(Delivered.NONE);
        }
        return relay.submit(op);
    }

    private NodeRelay newRelay(String address) {
        boolean overTls = HttpClient.isTls(address);
        if (overTls && tls == null) {
            throw new IllegalArgumentException("address '" + address + "' (expected: host:port; this node was "
                    + "given no trust for nodes whose API serves TLS: --api-tls-trust)");
        }
        return new NodeRelay(address, transport, transport.loops().next(), overTls ? https : http,
                overTls ? tls : null, headers, json, PooledByteBufAllocator.DEFAULT, timeoutMillis, connectionsPerNode,
                listener, requests);
    }

    /**
     * Asks another node a question: {@code POST path} with an empty body on its API port, with the cluster secret,
     * over the client the relays use (the same timeout, pooled connections, TLS where the address says so). Completes
     * with the answer's body where the node answered 200, exceptionally otherwise. Not counted as a relay.
     */
    public CompletableFuture<byte[]> ask(String address, String path) {
        HttpClient client = HttpClient.isTls(address) ? https : http;
        if (client == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("address '" + address
                    + "' (this node was given no trust for nodes whose API serves TLS: --api-tls-trust)"));
        }
        return client.post(address, path, headers, Unpooled.EMPTY_BUFFER).thenApply(answer -> {
            if (answer.status() != 200) {
                throw new IllegalStateException(address + path + " answered " + answer.status());
            }
            return answer.body();
        });
    }

    /** How many operations were submitted for other nodes since the client started. */
    public long ops() {
        return ops.sum();
    }

    /** How many requests carried them (several operations share one where they queue together), retries included. */
    public long requests() {
        return requests.sum();
    }

    @Override
    public void close() {
        relays.values().forEach(NodeRelay::close);
        http.close();
        if (https != null) {
            https.close();
        }
    }
}
