package io.herald.gateway.cluster;

import io.herald.gateway.ApiClient;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.gateway.WsClient;
import io.herald.codec.TokenMinter;
import io.herald.route.ClusterConfig;
import io.herald.route.cluster.SharedCluster;
import io.herald.route.redis.RedisStores;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One real Herald node in this JVM, in cluster mode: free ports on 127.0.0.1, HS256 tokens, the cluster secret,
 * and the {@link SharedCluster} it joined (for its relay failure count). Also the clients a test opens against
 * it; {@link #close()} stops the node (clients get 1001, the node leaves the cluster) and drops every client
 * left. Used from the test thread; the API client is thread-safe.
 */
final class ClusterNode implements AutoCloseable {

    /** The HS256 secret every node verifies tokens with. */
    static final String SECRET = "herald-cluster-tests-secret-0123456789abcdef";

    /** The secret nodes present to each other's {@code /internal/relay}. */
    static final String CLUSTER_SECRET = "0123456789abcdef-secret";

    private static final TokenMinter MINTER = new TokenMinter(SECRET);
    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    /** How long a draining node takes to close its clients. */
    static final Duration DRAIN_PERIOD = Duration.ofMillis(500);

    private final GatewayServer server;
    private final SharedCluster cluster;
    private final ApiClient api;
    private final List<WsClient> clients = new CopyOnWriteArrayList<>();

    private ClusterNode(GatewayServer server, SharedCluster cluster) {
        this.server = server;
        this.cluster = cluster;
        this.api = new ApiClient(server.apiAddress(), Optional.empty());
    }

    /** Starts a node that joins the cluster {@code redis} describes; returns once it listens and registered. */
    static ClusterNode start(String id, ClusterConfig redis) {
        return start(id, redis, settings -> settings);
    }

    /** The same, with the node's settings changed by {@code settings}. */
    static ClusterNode start(String id, ClusterConfig redis, UnaryOperator<GatewayConfig.Builder> settings) {
        GatewayConfig config = settings.apply(GatewayConfig.builder()
                .host("127.0.0.1").port(0).apiPort(0).warmupLogins(0)
                .nodeId(id)
                .secret(SECRET)
                .drainPeriod(DRAIN_PERIOD)
                .cluster(redis))
                .build();
        AtomicReference<SharedCluster> joined = new AtomicReference<>();
        GatewayServer server = new GatewayServer(config, (node, transport) -> {
            SharedCluster cluster = (SharedCluster) SharedCluster.factory(redis,
                    nodeId -> RedisStores.connect(redis, nodeId))
                    .create(node, transport);
            joined.set(cluster);
            return cluster;
        });
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new AssertionError("interrupted while starting node " + id, e);
        }
        return new ClusterNode(server, joined.get());
    }

    String id() {
        return server.config().nodeId();
    }

    /** The API port, as backends call it. */
    ApiClient api() {
        return api;
    }

    /** The API port with this bearer credential, or none. */
    ApiClient api(Optional<String> bearer) {
        return new ApiClient(server.apiAddress(), bearer);
    }

    /** Where other nodes reach this node's API, as it registers itself: {@code host:port}. */
    String address() {
        InetSocketAddress address = server.apiAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    /** Plain HTTP to the client port, for its {@code /healthz}. */
    ApiClient clientPort() {
        return new ApiClient(server.clientAddress(), Optional.empty());
    }

    SharedCluster cluster() {
        return cluster;
    }

    URI websocketUri() {
        InetSocketAddress address = server.clientAddress();
        return URI.create("ws://" + address.getHostString() + ":" + address.getPort() + "/ws");
    }

    static String token(String uid, String... groups) {
        return MINTER.mint(uid, List.of(groups), TOKEN_TTL);
    }

    /** Opens a WebSocket that has not logged in. */
    WsClient connect() {
        return track(WsClient.connect(websocketUri()));
    }

    /** Opens a WebSocket and logs in as {@code uid}, without a device. */
    WsClient login(String uid) {
        return login(uid, null);
    }

    /** Opens a WebSocket and logs in as {@code uid} from {@code device} (or none); checks the node's answer. */
    WsClient login(String uid, String device) {
        WsClient client = connect();
        Map<String, Object> reply = client.login(uid, token(uid), device);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) reply.get("data");
        if (!id().equals(data.get("node"))) {
            throw new AssertionError("logged in on " + id() + " but the reply names node " + data.get("node"));
        }
        return client;
    }

    /** Registers a client opened elsewhere, so that {@link #close()} drops it. */
    WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }

    /**
     * Stops the node and leaves its clients alone, so that a test can watch them get their 1001: aborting a client
     * at once could beat its listener to the close frame the node has already sent.
     */
    void stopServer() {
        server.close();
    }

    /** The node itself, to drain it. */
    io.herald.gateway.GatewayServer server() {
        return server;
    }

    /** Drops every client left; the node must be stopped already or no longer needed. */
    void dropClients() {
        clients.forEach(WsClient::abort);
    }

    @Override
    public void close() {
        try {
            stopServer();
        } finally {
            dropClients();
        }
    }

    @Override
    public String toString() {
        return "node " + id();
    }
}
