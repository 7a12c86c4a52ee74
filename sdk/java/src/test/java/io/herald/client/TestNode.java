package io.herald.client;

import io.herald.codec.TokenMinter;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.route.ClusterConfig;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real Herald node in this JVM on 127.0.0.1 with free ports and HS256 tokens, alone or in the cluster of a Redis.
 * {@link #close()} stops it (its clients get 1001). Used from the test thread.
 */
final class TestNode implements AutoCloseable {

    /** The HS256 secret every test node verifies tokens with. */
    static final String SECRET = "herald-java-client-tests-secret-0123456789";

    /** The secret nodes of a test cluster present to each other. */
    static final String CLUSTER_SECRET = "java-client-tests-cluster-secret";

    private static final TokenMinter MINTER = new TokenMinter(SECRET);

    private final GatewayServer server;
    private final Api api;

    private TestNode(GatewayServer server) {
        this.server = server;
        this.api = new Api(server.apiAddress());
    }

    /** A node alone, with the defaults of PROTOCOL.md changed by {@code settings}. */
    static TestNode start(UnaryOperator<GatewayConfig.Builder> settings) {
        GatewayConfig config = settings.apply(GatewayConfig.builder()
                .host("127.0.0.1").port(0).apiPort(0).secret(SECRET).warmupLogins(0)).build();
        GatewayServer server = GatewayServer.create(config);
        try {
            return new TestNode(server.start());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new AssertionError("interrupted while starting a node", e);
        }
    }

    static TestNode start() {
        return start(settings -> settings);
    }

    /** The cluster settings of a test cluster on {@code redis}, its keys under {@code prefix}. */
    static ClusterConfig cluster(String redis, String prefix) {
        return ClusterConfig.builder().redis(redis).redisPrefix(prefix).clusterSecret(CLUSTER_SECRET)
                .nodeTtl(Duration.ofSeconds(2)).relayTimeout(Duration.ofMillis(500)).build();
    }

    /** A token for {@code uid} valid for an hour, allowed to join {@code groups}. */
    static String token(String uid, String... groups) {
        return token(uid, Duration.ofHours(1), groups);
    }

    static String token(String uid, Duration ttl, String... groups) {
        return MINTER.mint(uid, List.of(groups), ttl);
    }

    URI websocketUri() {
        return websocketUri(server.clientAddress().getPort());
    }

    static URI websocketUri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    InetSocketAddress clientAddress() {
        return server.clientAddress();
    }

    String nodeId() {
        return server.config().nodeId();
    }

    Api api() {
        return api;
    }

    @Override
    public void close() {
        server.close();
    }
}
