package io.herald.gateway;

import io.herald.codec.InvalidConfigException;
import io.herald.codec.TokenMinter;
import io.herald.gateway.auth.JwtConfig;
import io.herald.gateway.api.ApiLimits;
import io.herald.gateway.client.ClientLimits;
import io.herald.gateway.capacity.CapacityConfig;
import io.herald.gateway.tls.TlsConfig;
import io.herald.gateway.upstream.UpstreamConfig;
import io.herald.route.ClusterConfig;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.herald.codec.InvalidConfigException.requireAtLeast;
import static io.herald.codec.InvalidConfigException.requirePositive;

/**
 * The settings of one node: the one owner of each, validated when constructed so that no bad instance exists
 * (failing with the setting, the bad value and what was expected: {@code pingInterval: PT0S (expected: > 0)}).
 * What the node shares with its cluster is in {@link ClusterConfig}. {@link Builder} holds the defaults that
 * PROTOCOL.md names and {@code herald serve --help} shows.
 *
 * @param host            the client port's address
 * @param port            the client port (0 picks a free one)
 * @param apiHost         the API port's address
 * @param apiPort         the API port (0 picks a free one)
 * @param nodeId          this node's id, unique in the cluster
 * @param secret          the HS256 secret that signs client tokens; empty, with no public key in {@code jwt}
 *                        either, means development mode
 * @param apiKeys         the keys backends send as {@code Authorization: Bearer}, any one of them accepted (several
 *                        while keys rotate); empty means none is asked
 * @param pingInterval    read silence after which the server pings a client
 * @param idleTimeout     read silence after which the server closes a client
 * @param loginTimeout    how long a connection may stay without logging in
 * @param maxFrameBytes   the largest WebSocket message a client may send
 * @param maxBodyBytes    the largest HTTP API request body
 * @param maxConnections  how many client connections the node accepts at once; 0 for no limit
 * @param maxPendingLogins how many upgrades may be under way at once, from the upgrade request to the login reply;
 *                        past it an upgrade is answered 503 with {@code Retry-After}, before the handshake costs
 *                        anything, so that a node under a reconnect storm serves what it took in time; 0 for no
 *                        limit
 * @param sendBufferBytes how many bytes may wait to be sent to one client before it is closed as too slow
 * @param badFrameLimit   how many bad frames a client may send in {@code badFrameWindow} before it is closed
 * @param badFrameWindow  the window of {@code badFrameLimit}
 * @param advertise       where other nodes reach the API port, {@code host:port}; empty means the bound address
 * @param events          where the node POSTs its events (receipts, connections), {@code http://host:port/path};
 *                        empty for none
 * @param drainPeriod     how long a draining node takes to close its clients, spread evenly
 * @param warmupLogins    how many logins (with their pushes and closes) the node runs on a throwaway copy of
 *                        itself before its ports open, so that its first clients meet compiled code; 0 for none
 * @param cluster         what the node shares with its cluster, and how
 * @param upstream        where the client commands the node does not handle itself go
 * @param clientLimits    what the client port lets strangers do: command rate, connections per address, handshake
 *                        timeout, header size, origins
 * @param capacity        how many connections one user may hold, and how many bytes slow clients may hold together
 * @param tls             the certificates of the ports that serve TLS, and whom relays to other nodes trust
 * @param jwt             the public keys that sign client tokens besides the secret, and the claims every token
 *                        must satisfy
 * @param apiLimits       how much work the API port takes on
 */
public record GatewayConfig(
        String host, int port, String apiHost, int apiPort, String nodeId,
        Optional<String> secret, List<String> apiKeys,
        Duration pingInterval, Duration idleTimeout, Duration loginTimeout,
        int maxFrameBytes, int maxBodyBytes, int maxConnections, int maxPendingLogins,
        int sendBufferBytes, int badFrameLimit, Duration badFrameWindow,
        Optional<String> advertise, Optional<URI> events, Duration drainPeriod, int warmupLogins,
        ClusterConfig cluster, UpstreamConfig upstream, ClientLimits clientLimits, CapacityConfig capacity,
        TlsConfig tls, JwtConfig jwt, ApiLimits apiLimits) {

    public GatewayConfig {
        requireAddress("host", host);
        requirePort("port", port);
        requireAddress("apiHost", apiHost);
        requirePort("apiPort", apiPort);
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidConfigException("nodeId", nodeId, "1 to 64 of A-Z a-z 0-9 . _ -");
        }
        secret.ifPresent(s -> TokenMinter.requireSecret("secret", s));
        apiKeys = List.copyOf(apiKeys);
        for (String key : apiKeys) {
            if (!key.matches("[\\x21-\\x7e&&[^,]]+")) {
                // Never echo a key: say only what is wrong with it.
                throw new InvalidConfigException("apiKey", key.isEmpty() ? "(empty)" : "(" + key.length()
                        + " characters)", "a non-empty key of visible ASCII characters without ',', or none");
            }
        }
        if (apiKeys.isEmpty() && !isLoopback(apiHost)) {
            throw new InvalidConfigException("apiKey", "(none)",
                    "an API key, because apiHost " + apiHost + " is not loopback");
        }
        requirePositive("pingInterval", pingInterval);
        requirePositive("idleTimeout", idleTimeout);
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new InvalidConfigException("idleTimeout", idleTimeout,
                    "longer than the ping interval, " + pingInterval.toMillis() + "ms, so that a ping can be answered");
        }
        requirePositive("loginTimeout", loginTimeout);
        requirePositive("badFrameWindow", badFrameWindow);
        requireAtLeast("maxFrameBytes", maxFrameBytes, 128);
        requireAtLeast("maxBodyBytes", maxBodyBytes, 128);
        requireAtLeast("maxConnections", maxConnections, 0);
        requireAtLeast("maxPendingLogins", maxPendingLogins, 0);
        requireAtLeast("sendBufferBytes", sendBufferBytes, 1024);
        requireAtLeast("badFrameLimit", badFrameLimit, 1);
        if (advertise.isPresent()
                && (!advertise.get().matches("[^\\s:/]+:\\d{1,5}") || advertise.get().startsWith("0.0.0.0:"))) {
            throw new InvalidConfigException("advertise", advertise.get(),
                    "host:port where other nodes reach this node's API port");
        }
        events.ifPresent(GatewayConfig::requireHttpUrl);
        requirePositive("drainPeriod", drainPeriod);
        requireAtLeast("warmupLogins", warmupLogins, 0);
        if (cluster == null) {
            throw new InvalidConfigException("cluster", null, "the cluster settings");
        }
        if (upstream == null) {
            throw new InvalidConfigException("upstream", null, "the upstream settings");
        }
        if (clientLimits == null) {
            throw new InvalidConfigException("clientLimits", null, "the client port's limits");
        }
        if (capacity == null) {
            throw new InvalidConfigException("capacity", null, "the capacity settings");
        }
        if (tls == null) {
            throw new InvalidConfigException("tls", null, "the TLS settings");
        }
        if (jwt == null) {
            throw new InvalidConfigException("jwt", null, "the token settings");
        }
        if (apiLimits == null) {
            throw new InvalidConfigException("apiLimits", null, "the API port's limits");
        }
        if (cluster.clustered() && advertise.isEmpty() && isWildcard(apiHost)) {
            throw new InvalidConfigException("advertise", "(none)",
                    "host:port where other nodes reach this node, because apiHost " + apiHost + " is not one");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether tokens are accepted unchecked (no secret, no public key). */
    public boolean developmentMode() {
        return secret.isEmpty() && !jwt.asymmetric();
    }

    /** The heartbeat interval clients are told at login, in whole seconds, never 0. */
    public long heartbeatSeconds() {
        return Math.max(1, (pingInterval.toMillis() + 999) / 1000);
    }

    private static void requireHttpUrl(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new InvalidConfigException("events", url, "an http:// URL such as http://127.0.0.1:9000/events");
        }
    }

    private static boolean isWildcard(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new InvalidConfigException("apiHost", host, "a resolvable address");
        }
    }

    private static void requireAddress(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(setting, value, "an address");
        }
    }

    private static void requirePort(String setting, int value) {
        if (value < 0 || value > 65535) {
            throw new InvalidConfigException(setting, value, "0 to 65535");
        }
    }

    /** Collects the settings of a {@link GatewayConfig}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private String apiHost = "127.0.0.1";
        private int apiPort = 8081;
        private String nodeId;
        private String secret;
        private List<String> apiKeys = List.of();
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration loginTimeout = Duration.ofSeconds(5);
        private int maxFrameBytes = 64 * 1024;
        private int maxBodyBytes = 1024 * 1024;
        private int maxConnections;
        private int maxPendingLogins = 1000;
        private int sendBufferBytes = 1024 * 1024;
        private int badFrameLimit = 10;
        private Duration badFrameWindow = Duration.ofSeconds(10);
        private String advertise;
        private URI events;
        private Duration drainPeriod = Duration.ofSeconds(10);
        private int warmupLogins = 20_000;
        private ClusterConfig cluster;
        private UpstreamConfig upstream;
        private ClientLimits clientLimits;
        private CapacityConfig capacity;
        private TlsConfig tls;
        private JwtConfig jwt;
        private ApiLimits apiLimits;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiHost(String apiHost) {
            this.apiHost = apiHost;
            return this;
        }

        public Builder apiPort(int apiPort) {
            this.apiPort = apiPort;
            return this;
        }

        /** This node's id; one is generated where none is set. */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** One key, or none where {@code null}; replaces the keys set before. */
        public Builder apiKey(String apiKey) {
            return apiKeys(apiKey == null ? null : List.of(apiKey));
        }

        /** The keys any of which is accepted, or none where {@code null} or empty; replaces those set before. */
        public Builder apiKeys(List<String> apiKeys) {
            this.apiKeys = apiKeys == null ? List.of() : apiKeys;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder loginTimeout(Duration loginTimeout) {
            this.loginTimeout = loginTimeout;
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder maxPendingLogins(int maxPendingLogins) {
            this.maxPendingLogins = maxPendingLogins;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder sendBufferBytes(int sendBufferBytes) {
            this.sendBufferBytes = sendBufferBytes;
            return this;
        }

        public Builder badFrameLimit(int badFrameLimit) {
            this.badFrameLimit = badFrameLimit;
            return this;
        }

        public Builder badFrameWindow(Duration badFrameWindow) {
            this.badFrameWindow = badFrameWindow;
            return this;
        }

        public Builder advertise(String advertise) {
            this.advertise = advertise;
            return this;
        }

        public Builder events(URI events) {
            this.events = events;
            return this;
        }

        public Builder warmupLogins(int warmupLogins) {
            this.warmupLogins = warmupLogins;
            return this;
        }

        public Builder drainPeriod(Duration drainPeriod) {
            this.drainPeriod = drainPeriod;
            return this;
        }

        /** What the node shares with its cluster; a node alone with the defaults where none is set. */
        public Builder cluster(ClusterConfig cluster) {
            this.cluster = cluster;
            return this;
        }

        /** Where client commands go; none where it is not set. */
        public Builder upstream(UpstreamConfig upstream) {
            this.upstream = upstream;
            return this;
        }

        /** What the client port lets strangers do; the defaults where it is not set. */
        public Builder clientLimits(ClientLimits clientLimits) {
            this.clientLimits = clientLimits;
            return this;
        }

        /** Per-user connections and the outbound memory bound; the defaults where it is not set. */
        public Builder capacity(CapacityConfig capacity) {
            this.capacity = capacity;
            return this;
        }

        /** The ports' certificates; plain ports where it is not set. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** How tokens signed with a public key are checked, and what every token must claim; none where not set. */
        public Builder jwt(JwtConfig jwt) {
            this.jwt = jwt;
            return this;
        }

        /** How much work the API port takes on; the defaults where none is set. */
        public Builder apiLimits(ApiLimits apiLimits) {
            this.apiLimits = apiLimits;
            return this;
        }

        public GatewayConfig build() {
            return new GatewayConfig(host, port, apiHost, apiPort,
                    nodeId == null ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId,
                    Optional.ofNullable(secret), apiKeys,
                    pingInterval, idleTimeout, loginTimeout, maxFrameBytes, maxBodyBytes, maxConnections,
                    maxPendingLogins, sendBufferBytes, badFrameLimit, badFrameWindow, Optional.ofNullable(advertise),
                    Optional.ofNullable(events), drainPeriod, warmupLogins,
                    cluster == null ? ClusterConfig.builder().build() : cluster,
                    upstream == null ? UpstreamConfig.builder().build() : upstream,
                    clientLimits == null ? ClientLimits.builder().build() : clientLimits,
                    capacity == null ? CapacityConfig.builder().build() : capacity,
                    tls == null ? TlsConfig.builder().build() : tls,
                    jwt == null ? JwtConfig.builder().build() : jwt,
                    apiLimits == null ? ApiLimits.builder().build() : apiLimits);
        }
    }
}
