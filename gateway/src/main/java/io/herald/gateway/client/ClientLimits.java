package io.herald.gateway.client;

import io.herald.codec.InvalidConfigException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.herald.codec.InvalidConfigException.requireAtLeast;
import static io.herald.codec.InvalidConfigException.requirePositive;

/**
 * What the client port lets a stranger do before and after the upgrade (PROTOCOL.md, "Limits of the client port"):
 * the one owner of each of these settings, validated when constructed. The settings are named after their flags
 * ({@code commandRate} is {@code --command-rate}, {@code maxHeaderSizeBytes} is {@code --max-header-size}).
 *
 * @param commandRate        commands a second one connection may send (acks not counted), with a burst of as many;
 *                           past it a command is answered 429 and not run, and more refusals than that within the
 *                           bad-frame window close the connection with 4008; 0 for no limit
 * @param ipConnectRate      new connections a second one remote address may open (IPv6 by its /64); past it the
 *                           connection's first request is answered 429 with {@code Retry-After}; 0 for no limit
 * @param ipConnectBurst     how many connections an address may open at once before its rate applies
 * @param handshakeTimeout   how long a connection may take from its accept to the whole upgrade request; a slower
 *                           one is answered 408 and closed
 * @param maxHeaderSizeBytes the longest request line, and the largest header block, of a request on the client
 *                           port; past it 414 (request line) or 431 (headers), and the connection closes
 * @param allowedOrigins     the origins a browser's upgrade may come from ({@code Origin}), as
 *                           {@code scheme://host[:port]}, {@code scheme://*.domain} or {@code null}; empty for any
 */
public record ClientLimits(int commandRate, int ipConnectRate, int ipConnectBurst, Duration handshakeTimeout,
                           int maxHeaderSizeBytes, List<String> allowedOrigins) {

    public ClientLimits {
        requireAtLeast("commandRate", commandRate, 0);
        requireAtLeast("ipConnectRate", ipConnectRate, 0);
        requireAtLeast("ipConnectBurst", ipConnectBurst, 1);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requireAtLeast("maxHeaderSizeBytes", maxHeaderSizeBytes, 1024);
        allowedOrigins = AllowedOrigins.normalize(allowedOrigins);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of {@link ClientLimits}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private int commandRate = 100;
        private int ipConnectRate;
        private int ipConnectBurst = 20;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxHeaderSizeBytes = 8 * 1024;
        private final List<String> allowedOrigins = new ArrayList<>();

        private Builder() {
        }

        public Builder commandRate(int commandRate) {
            this.commandRate = commandRate;
            return this;
        }

        public Builder ipConnectRate(int ipConnectRate) {
            this.ipConnectRate = ipConnectRate;
            return this;
        }

        public Builder ipConnectBurst(int ipConnectBurst) {
            this.ipConnectBurst = ipConnectBurst;
            return this;
        }

        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
            return this;
        }

        public Builder maxHeaderSizeBytes(int maxHeaderSizeBytes) {
            this.maxHeaderSizeBytes = maxHeaderSizeBytes;
            return this;
        }

        /** Adds origins after those already added; {@code null} adds none. */
        public Builder allowedOrigins(List<String> origins) {
            if (origins != null) {
                allowedOrigins.addAll(origins);
            }
            return this;
        }

        public ClientLimits build() {
            return new ClientLimits(commandRate, ipConnectRate, ipConnectBurst, handshakeTimeout, maxHeaderSizeBytes,
                    allowedOrigins);
        }
    }
}
