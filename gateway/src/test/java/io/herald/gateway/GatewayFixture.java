package io.herald.gateway;

import io.herald.codec.TokenMinter;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real, standalone Herald node on 127.0.0.1 with free ports and HS256 tokens, plus the clients a test opens
 * against it. {@link #close()} stops the node (which sends its clients 1001) and drops every client left.
 * Built and used on the test thread.
 */
final class GatewayFixture implements AutoCloseable {

    /** The HS256 secret the node verifies tokens with: 32 bytes or more. */
    static final String SECRET = "herald-integration-tests-secret-0123456789";

    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    private boolean stopped;
    private final GatewayServer server;
    private final TokenMinter minter = new TokenMinter(SECRET);
    private final ApiClient api;
    private final List<WsClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong sentinels = new AtomicLong();

    private GatewayFixture(GatewayServer server) {
        this.server = server;
        this.api = new ApiClient(server.apiAddress(), server.config().apiKeys().stream().findFirst());
    }

    /** A node with the defaults of PROTOCOL.md, a secret and free ports. */
    static GatewayFixture start() {
        return start(settings -> settings);
    }

    /** A node with the defaults, a secret and free ports, changed by {@code settings}. */
    static GatewayFixture start(UnaryOperator<GatewayConfig.Builder> settings) {
        GatewayConfig config = settings.apply(GatewayConfig.builder()
                .host("127.0.0.1").port(0).apiPort(0).secret(SECRET).warmupLogins(0)).build();
        try {
            return new GatewayFixture(GatewayServer.create(config).start());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting the node", e);
        }
    }

    GatewayServer server() {
        return server;
    }

    String nodeId() {
        return server.config().nodeId();
    }

    /** The API, with the node's API key where it has one. */
    ApiClient api() {
        return api;
    }

    /** The API with the given key, or none. */
    ApiClient api(Optional<String> key) {
        return new ApiClient(server.apiAddress(), key);
    }

    /** Plain HTTP to the client port, for its {@code /healthz}. */
    ApiClient clientPortHttp() {
        return new ApiClient(server.clientAddress(), Optional.empty());
    }

    URI websocketUri() {
        InetSocketAddress address = server.clientAddress();
        return URI.create("ws://" + address.getHostString() + ":" + address.getPort() + "/ws");
    }

    /** A valid token for {@code uid}, allowed to join {@code groups} itself. */
    String token(String uid, String... groups) {
        return minter.mint(uid, List.of(groups), TOKEN_TTL);
    }

    /** Opens a WebSocket that has not logged in. */
    WsClient connect() {
        return track(WsClient.connect(websocketUri()));
    }

    /** Opens a WebSocket and logs in as {@code uid} with a token allowing {@code groups}. */
    WsClient login(String uid, String... groups) {
        WsClient client = connect();
        client.login(uid, token(uid, groups), null);
        return client;
    }

    /** Opens a raw WebSocket that has not logged in; the caller closes it. */
    RawWebSocket openRaw() {
        return RawWebSocket.open(server.clientAddress());
    }

    /** Opens a raw WebSocket and logs in as {@code uid}; the caller closes it. */
    RawWebSocket rawLogin(String uid) {
        RawWebSocket raw = RawWebSocket.open(server.clientAddress());
        raw.login(uid, token(uid));
        return raw;
    }

    /** Registers a client opened elsewhere, so that {@link #close()} drops it. */
    WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }

    /**
     * Checks that each client has received nothing it has not read yet, without waiting for silence. Pushes
     * a fresh message to each client's connection through the API and checks that it is the next message that
     * client reads: pushes to one connection are written in the order the API accepted them (the order
     * {@link ManyClientsIT} checks), so anything delivered to it before this call would have arrived first.
     */
    void assertNothingMoreFor(WsClient... targets) {
        for (WsClient client : targets) {
            String id = "sentinel-" + sentinels.incrementAndGet();
            assertThat(api.push(Map.of("conn", client.conn(), "id", id, "data", "sentinel")).data("delivered"))
                    .as("sentinel delivered to %s", client.conn()).isEqualTo(1);
            assertThat(client.nextPush()).as("the next message after everything sent before")
                    .containsEntry("id", id);
        }
    }

    /** Waits until the API says {@code uid} is offline, after the client saw its close. */
    void awaitOffline(String uid) {
        String query = "/api/online?uid=" + URLEncoder.encode(uid, StandardCharsets.UTF_8);
        eventually("user " + uid + " offline", () -> api.get(query).expect(200),
                reply -> Boolean.FALSE.equals(reply.data("online")));
    }

    /**
     * Asks {@code probe} until {@code done} holds, for what the server does just after a client saw it: a
     * client reads its close frame before the server has finished tearing the connection down, and no
     * event tells the test when that is. Each probe is an API round trip, which paces the loop; it is
     * bounded by {@link WsClient#WAIT}.
     */
    static <T> T eventually(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(WsClient.WAIT);
        List<T> seen = new ArrayList<>();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (seen.size() < 3) {
                seen.add(value);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not " + what + " within " + WsClient.WAIT + "; first answers: " + seen);
            }
        }
    }

    /**
     * Stops the node and leaves the clients alone, so that a test can watch them get their 1001: aborting a client
     * at once could beat its listener to the close frame the node has already sent. {@link #close} drops them.
     */
    public void stopServer() {
        if (!stopped) {
            stopped = true;
            server.close();
        }
    }

    @Override
    public void close() {
        try {
            stopServer();
        } finally {
            clients.forEach(WsClient::abort);
        }
    }
}
