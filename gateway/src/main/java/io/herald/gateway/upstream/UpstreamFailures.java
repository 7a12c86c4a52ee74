package io.herald.gateway.upstream;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What went wrong with upstream calls, by kind: counted (for the node's metrics) and logged once per burst
 * ({@link BurstLog}), never once per message. Thread-safe; counted from every event loop.
 */
public final class UpstreamFailures {

    private static final Logger log = LoggerFactory.getLogger(UpstreamFailures.class);

    /** How often a burst of failures of one kind is summed up in the log. */
    static final Duration LOG_PERIOD = Duration.ofSeconds(10);

    /** The kinds of failure, each with the line that opens its burst in the log. */
    public enum Kind {
        /** No whole answer within the timeout: the client got 504. */
        TIMEOUT("Upstream calls timed out; their clients get 504"),
        /** The connection failed or broke: the client got 502. */
        UNREACHABLE("The upstream cannot be reached; clients get 502"),
        /** The answer was not HTTP, too large, or not a JSON object as expected: the client got 502. */
        BAD_ANSWER("The upstream answers what is not a JSON object as expected; clients get 502"),
        /** A connection had as many calls under way as it may: the client got 429 and no call was made. */
        OVERLOADED("Connections send more commands than they may have under way at the upstream; they get 429"),
        /** An element of an answer's {@code push} list was not a push; the rest were performed. */
        BAD_PUSH("The upstream's answers list pushes that are not pushes; they are left out"),
        /** A push an answer listed could not be performed (the cluster failed it). */
        PUSH_FAILED("Pushes the upstream asked for failed"),
        /** The auth upstream gave no whole answer to a login within the timeout: the login was refused with 504. */
        LOGIN_TIMEOUT("Login checks at the auth upstream timed out; the logins are refused with 504"),
        /** The auth upstream could not be reached: the login was refused with 502. */
        LOGIN_UNREACHABLE("The auth upstream cannot be reached; logins are refused with 502"),
        /** The auth upstream allowed a login with an answer that is not as expected: refused with 502. */
        LOGIN_BAD_ANSWER("The auth upstream answers logins with what is not a JSON object as expected; "
                + "logins are refused with 502");

        private final String logLine;

        Kind(String logLine) {
            this.logLine = logLine;
        }
    }

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
    private final Map<Kind, BurstLog> logs = new EnumMap<>(Kind.class);

    /**
     * @param timer where the log's summaries are timed: one of the node's event loops
     */
    public UpstreamFailures(EventExecutor timer) {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
            logs.put(kind, new BurstLog(log, kind.logLine, timer, LOG_PERIOD));
        }
    }

    /**
     * Counts one failure and logs it where it opens a burst; {@code detail} says what happened to whom, and is
     * asked for only then: a storm of failures costs a count each, not a message each.
     */
    public void failed(Kind kind, Supplier<?> detail) {
        counts.get(kind).increment();
        logs.get(kind).failed(detail);
    }

    /** How many failures of {@code kind} there were since the node started. */
    public long count(Kind kind) {
        return counts.get(kind).sum();
    }
}
