package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.route.ClientTransport;
import io.herald.route.Delivered;
import io.herald.route.http.HttpClient;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays operations to other nodes: {@code POST /internal/relay}, authenticated by the cluster secret, with one
 * {@link NodeRelay} per address batching what is bound there over its own kept-alive connections (pushes whose
 * acks are awaited over a pooled {@link HttpClient}). Thread-safe.
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
    private final HttpHeaders headers;
    private final Map<String, NodeRelay> relays = new ConcurrentHashMap<>();

    public RelayClient(ClientTransport transport, Json json, String clusterSecret, Duration timeout,
                       int connectionsPerNode, Listener listener) {
        this.transport = transport;
        this.json = json;
        this.listener = listener;
        this.timeoutMillis = timeout.toMillis();
        this.connectionsPerNode = connectionsPerNode;
        this.http = new HttpClient(transport, timeout, connectionsPerNode, MAX_ANSWER_BYTES);
        this.headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + clusterSecret)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    }

    /** Operations queued together for the same node go in one request. */
    @Override
    public CompletableFuture<Delivered> submit(String address, RelayOp op) {
        NodeRelay relay;
        try {
            relay = relays.computeIfAbsent(address, a -> new NodeRelay(a, transport, transport.loops().next(), http,
                    headers, json, PooledByteBufAllocator.DEFAULT, timeoutMillis, connectionsPerNode, listener));
        } catch (IllegalArgumentException e) {
            RelayOp.release(op);
            listener.failed(address, e);
            return CompletableFuture.completedFuture(Delivered.NONE);
        }
        return relay.submit(op);
    }

    @Override
    public void close() {
        relays.values().forEach(NodeRelay::close);
        http.close();
    }
}
