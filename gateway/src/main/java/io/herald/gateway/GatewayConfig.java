package io.herald.gateway;

import io.herald.codec.InvalidConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The settings of one node. Immutable; built and validated by {@link Builder}, which fails fast with the
 * setting, the bad value and what was expected: {@code pingInterval: PT0S (expected: > 0)}.
 *
 * @param host              the client port's address
 * @param port              the client port (0 picks a free one)
 * @param apiHost           the API port's address
 * @param apiPort           the API port (0 picks a free one)
 * @param nodeId            this node's id, unique in the cluster
 * @param secret            the HS256 secret that signs client tokens; empty means development mode
 * @param apiKey            the key backends send as {@code Authorization: Bearer}; empty means none is asked
 * @param pingInterval      read silence after which the server pings a client
 * @param idleTimeout       read silence after which the server closes a client
 * @param loginTimeout      how long a connection may stay without logging in
 * @param maxFrameBytes     the largest WebSocket message a client may send
 * @param maxBodyBytes      the largest HTTP API request body
 * @param dedupeWindow      how long a message id is remembered
 * @param maxConnections    how many client connections the node accepts at once; 0 for no limit
 * @param sendBufferBytes   how many bytes may wait to be sent to one client before it is closed as too slow
 * @param badFrameLimit     how many bad frames a client may send in {@code badFrameWindow} before it is closed
 * @param badFrameWindow    the window of {@code badFrameLimit}
 * @param advertise         where other nodes reach the API port, {@code host:port}; empty means the bound address
 * @param clusterSecret     the secret other nodes present on {@code /internal/relay}; empty means no relays
 */
public record GatewayConfig(
        String host, int port, String apiHost, int apiPort, String nodeId,
        Optional<String> secret, Optional<String> apiKey,
        Duration pingInterval, Duration idleTimeout, Duration loginTimeout,
        int maxFrameBytes, int maxBodyBytes, Duration dedupeWindow, int maxConnections,
        int sendBufferBytes, int badFrameLimit, Duration badFrameWindow,
        Optional<String> advertise, Optional<String> clusterSecret) {

    /** The shortest HS256 secret RFC 7518 allows: as long as the hash, 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    /** The shortest cluster secret accepted. */
    public static final int MIN_CLUSTER_SECRET_CHARS = 16;

    public static Builder builder() {
        return new Builder();
    }

    /** Whether tokens are accepted unchecked (no secret). */
    public boolean developmentMode() {
        return secret.isEmpty();
    }

    /**
     * Builds a {@link GatewayConfig}. Every setting has the default PROTOCOL.md names; {@link #build()}
     * validates them all. Not thread-safe.
     */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private String apiHost = "127.0.0.1";
        private int apiPort = 8081;
        private String nodeId;
        private String secret;
        private String apiKey;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration loginTimeout = Duration.ofSeconds(5);
        private int maxFrameBytes = 64 * 1024;
        private int maxBodyBytes = 1024 * 1024;
        private Duration dedupeWindow = Duration.ofMinutes(5);
        private int maxConnections;
        private int sendBufferBytes = 1024 * 1024;
        private int badFrameLimit = 10;
        private Duration badFrameWindow = Duration.ofSeconds(10);
        private String advertise;
        private String clusterSecret;

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

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
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

        public Builder dedupeWindow(Duration dedupeWindow) {
            this.dedupeWindow = dedupeWindow;
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

        public Builder clusterSecret(String clusterSecret) {
            this.clusterSecret = clusterSecret;
            return this;
        }

        /** Validates every setting and builds the config; a node id is generated where none was set. */
        public GatewayConfig build() {
            requireText("host", host);
            requirePort("port", port);
            requireText("apiHost", apiHost);
            requirePort("apiPort", apiPort);
            String node = nodeId == null ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId;
            if (node.isEmpty() || !node.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new InvalidConfigException("nodeId", node, "1 to 64 of A-Z a-z 0-9 . _ -");
            }
            if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new InvalidConfigException("secret", "(" + secret.length() + " characters)",
                        "at least " + MIN_SECRET_BYTES + " bytes for HS256");
            }
            if (apiKey != null && apiKey.isEmpty()) {
                throw new InvalidConfigException("apiKey", "(empty)", "a non-empty key, or none");
            }
            if (apiKey == null && !isLoopback(apiHost)) {
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
            requirePositive("dedupeWindow", dedupeWindow);
            requirePositive("badFrameWindow", badFrameWindow);
            requireAtLeast("maxFrameBytes", maxFrameBytes, 128);
            requireAtLeast("maxBodyBytes", maxBodyBytes, 128);
            requireAtLeast("maxConnections", maxConnections, 0);
            requireAtLeast("sendBufferBytes", sendBufferBytes, 1024);
            requireAtLeast("badFrameLimit", badFrameLimit, 1);
            if (advertise != null && (!advertise.matches("[^\\s:/]+:\\d{1,5}") || advertise.startsWith("0.0.0.0:"))) {
                throw new InvalidConfigException("advertise", advertise,
                        "host:port where other nodes reach this node's API port");
            }
            if (clusterSecret != null && advertise == null && isWildcard(apiHost)) {
                throw new InvalidConfigException("advertise", "(none)",
                        "host:port where other nodes reach this node, because apiHost " + apiHost + " is not one");
            }
            if (clusterSecret != null && clusterSecret.length() < MIN_CLUSTER_SECRET_CHARS) {
                throw new InvalidConfigException("clusterSecret", "(" + clusterSecret.length() + " characters)",
                        "at least " + MIN_CLUSTER_SECRET_CHARS + " characters, the same on every node");
            }
            return new GatewayConfig(host, port, apiHost, apiPort, node,
                    Optional.ofNullable(secret), Optional.ofNullable(apiKey),
                    pingInterval, idleTimeout, loginTimeout, maxFrameBytes, maxBodyBytes, dedupeWindow,
                    maxConnections, sendBufferBytes, badFrameLimit, badFrameWindow,
                    Optional.ofNullable(advertise), Optional.ofNullable(clusterSecret));
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

        private static void requireText(String setting, String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidConfigException(setting, value, "an address");
            }
        }

        private static void requirePort(String setting, int value) {
            if (value < 0 || value > 65535) {
                throw new InvalidConfigException(setting, value, "0 to 65535");
            }
        }

        private static void requirePositive(String setting, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidConfigException(setting, value, "> 0");
            }
        }

        private static void requireAtLeast(String setting, int value, int min) {
            if (value < min) {
                throw new InvalidConfigException(setting, value, ">= " + min);
            }
        }
    }
}
