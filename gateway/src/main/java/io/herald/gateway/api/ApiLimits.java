package io.herald.gateway.api;

import java.time.Duration;

import static io.herald.codec.InvalidConfigException.requireAtLeast;
import static io.herald.codec.InvalidConfigException.requirePositive;

/**
 * How much the API port takes on (PROTOCOL.md, "Backend → server"): the one owner of these settings, validated when
 * constructed. The settings are named after their flags ({@code apiInflight} is {@code --api-inflight}). The body
 * limit is {@code maxBodyBytes} of the node's config, older than this record.
 *
 * @param apiInflight the most API requests the node has accepted and not yet answered, across its connections
 *                    (pushes awaiting acks, Redis, relays to other nodes); past it a request is answered 503 with
 *                    {@code Retry-After}. {@code /healthz} and the cluster's {@code /internal/} calls are not counted.
 *                    0 for no limit
 * @param apiLinger   how long the node keeps reading, and dropping, what a backend still sends after an answer that
 *                    closes its connection (the rest of a body over the limit), so that the backend can read the
 *                    answer before the connection goes; at most {@link #LINGER_BYTES} are read so
 */
public record ApiLimits(int apiInflight, Duration apiLinger) {

    /** The most bytes read and dropped after an answer that closes its connection, whatever {@code apiLinger}. */
    public static final int LINGER_BYTES = 16 * 1024 * 1024;

    public ApiLimits {
        requireAtLeast("apiInflight", apiInflight, 0);
        requirePositive("apiLinger", apiLinger);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of an {@link ApiLimits}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private int apiInflight = 1000;
        private Duration apiLinger = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder apiInflight(int apiInflight) {
            this.apiInflight = apiInflight;
            return this;
        }

        public Builder apiLinger(Duration apiLinger) {
            this.apiLinger = apiLinger;
            return this;
        }

        public ApiLimits build() {
            return new ApiLimits(apiInflight, apiLinger);
        }
    }
}
