package io.herald.gateway.capacity;

import io.herald.codec.InvalidConfigException;
import io.herald.route.ConnectionLimit;

import static io.herald.codec.InvalidConfigException.requireAtLeast;

/**
 * How much of the node one user, and all slow clients together, may hold (PROTOCOL.md, "Client ↔ server"): the one
 * owner of these settings, validated when constructed. The settings are named after their flags
 * ({@code maxConnsPerUser} is {@code --max-conns-per-user}).
 *
 * @param maxConnsPerUser        the most connections one user may hold at once, across the cluster where the node has
 *                               one; 0 for no limit (then a login costs nothing more than before)
 * @param connsPerUserPolicy     what a login past {@code maxConnsPerUser} does: {@code reject} it (429, then 4010), or
 *                               admit it and {@code replace} the user's oldest connection (closed with 4010)
 * @param maxOutboundMemoryBytes the most bytes that may wait, all connections of the node together, to be sent to
 *                               clients that do not read them; past it the connections holding the most are closed
 *                               with 4009 first. 0 for no bound but each connection's {@code --send-buffer}
 */
public record CapacityConfig(int maxConnsPerUser, ConnectionLimit.Policy connsPerUserPolicy,
                             int maxOutboundMemoryBytes) {

    /** The smallest outbound budget: a few frames' worth would close clients that are merely busy. */
    public static final int MIN_OUTBOUND_MEMORY_BYTES = 64 * 1024;

    public CapacityConfig {
        requireAtLeast("maxConnsPerUser", maxConnsPerUser, 0);
        if (connsPerUserPolicy == null) {
            throw new InvalidConfigException("connsPerUserPolicy", null, "reject or replace");
        }
        if (maxOutboundMemoryBytes != 0 && maxOutboundMemoryBytes < MIN_OUTBOUND_MEMORY_BYTES) {
            throw new InvalidConfigException("maxOutboundMemoryBytes", maxOutboundMemoryBytes,
                    "0 (no bound) or at least " + MIN_OUTBOUND_MEMORY_BYTES);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The per-user limit as the route registry checks it. */
    public ConnectionLimit connectionLimit() {
        return new ConnectionLimit(maxConnsPerUser, connsPerUserPolicy);
    }

    /**
     * The default outbound budget: a quarter of the heap this JVM may grow to, in whole MiB, at most 1GiB. What waits
     * for a client costs heap (about 100 bytes a frame) and pooled direct memory (the frames, shared between the
     * connections of a broadcast), and the JVM's direct memory is as large as its heap unless told otherwise.
     */
    static int defaultOutboundMemoryBytes() {
        long quarter = Math.min(Runtime.getRuntime().maxMemory() / 4, 1L << 30);
        return (int) Math.max(MIN_OUTBOUND_MEMORY_BYTES, quarter & ~((1L << 20) - 1));
    }

    /** Collects the settings of a {@link CapacityConfig}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private int maxConnsPerUser;
        private ConnectionLimit.Policy connsPerUserPolicy = ConnectionLimit.Policy.REPLACE;
        private int maxOutboundMemoryBytes = defaultOutboundMemoryBytes();

        private Builder() {
        }

        public Builder maxConnsPerUser(int maxConnsPerUser) {
            this.maxConnsPerUser = maxConnsPerUser;
            return this;
        }

        public Builder connsPerUserPolicy(ConnectionLimit.Policy connsPerUserPolicy) {
            this.connsPerUserPolicy = connsPerUserPolicy;
            return this;
        }

        public Builder maxOutboundMemoryBytes(int maxOutboundMemoryBytes) {
            this.maxOutboundMemoryBytes = maxOutboundMemoryBytes;
            return this;
        }

        public CapacityConfig build() {
            return new CapacityConfig(maxConnsPerUser, connsPerUserPolicy, maxOutboundMemoryBytes);
        }
    }
}
