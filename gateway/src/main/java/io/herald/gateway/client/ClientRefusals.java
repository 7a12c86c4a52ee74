package io.herald.gateway.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the client port refused, by kind, counted for the node's metrics: each limit of {@link ClientLimits} counts
 * here what it turned away. Counts only; a refusal is logged at debug level at most, since strangers choose how many
 * there are. Thread-safe; counted from every event loop.
 */
public final class ClientRefusals {

    /** The kinds of refusal. */
    public enum Kind {
        /** A command past {@code --command-rate}: answered 429, not run. */
        COMMAND_RATE,
        /** A connection that went on sending past {@code --command-rate}: closed with 4008. */
        COMMAND_RATE_CLOSE,
        /** A new connection past {@code --ip-connect-rate} for its address: answered 429 with Retry-After. */
        IP_CONNECT_RATE,
        /** A connection whose upgrade request was not whole within {@code --handshake-timeout}: 408, closed. */
        HANDSHAKE_TIMEOUT,
        /** A request line longer than {@code --max-header-size}: 414, closed. */
        URI_TOO_LONG,
        /** A header block larger than {@code --max-header-size}: 431, closed. */
        HEADERS_TOO_LARGE,
        /** A browser's upgrade from an origin not in {@code --allowed-origins}: 403. */
        ORIGIN,
        /** A connection past {@code --max-connections}: its first request answered 503, closed. */
        MAX_CONNECTIONS,
        /** An upgrade past {@code --max-pending-logins}: 503 {@code busy} with Retry-After, closed. */
        PENDING_LOGINS
    }

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);

    public ClientRefusals() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    /** Counts one refusal. */
    void refused(Kind kind) {
        counts.get(kind).increment();
    }

    /** How many refusals of {@code kind} there were since the node started. */
    public long count(Kind kind) {
        return counts.get(kind).sum();
    }
}
