package io.herald.gateway.api;

import io.herald.codec.Durations;
import io.herald.codec.JsonObject;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;

import java.time.Duration;

/**
 * What a push asks beyond its delivery (PROTOCOL.md, "Acknowledgements, receipts, offline delivery"):
 * {@code "await":"ack"} with an optional {@code "timeout"}, {@code "ttl"} to store it for its users until acked,
 * and {@code "receipt":true} to report its acks and expiry as events.
 *
 * @param awaitMillis how long the answer waits for the acks; 0 where it does not wait
 * @param expiresAt   when a stored push expires, epoch milliseconds; 0 where it is not stored
 * @param receipt     whether its acks (and expiry) are reported as receipt events
 */
public record PushOptions(long awaitMillis, long expiresAt, boolean receipt) {

    /** A push that asks nothing more. */
    public static final PushOptions NONE = new PushOptions(0, 0, false);

    /** How long the answer waits for acks where {@code timeout} is not given. */
    static final Duration DEFAULT_AWAIT = Duration.ofSeconds(5);
    /** The longest an answer may wait for acks. */
    static final Duration MAX_AWAIT = Duration.ofSeconds(60);
    /** The longest a push may be stored. */
    static final Duration MAX_TTL = Duration.ofDays(30);

    public boolean awaited() {
        return awaitMillis > 0;
    }

    public boolean stored() {
        return expiresAt > 0;
    }

    /**
     * Reads the options of a push body.
     *
     * @param storable whether the push may be stored (it is addressed to users)
     * @param now      milliseconds since the epoch
     * @throws WireException 400 naming the field
     */
    static PushOptions read(JsonObject body, boolean storable, long now) throws WireException {
        long awaitMillis = 0;
        String await = body.optString("await");
        if (await != null && !"ack".equals(await)) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field 'await' must be \"ack\"");
        }
        if (await != null) {
            awaitMillis = duration(body, "timeout", DEFAULT_AWAIT, MAX_AWAIT).toMillis();
        } else if (body.has("timeout")) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field 'timeout' needs \"await\":\"ack\"");
        }
        long expiresAt = 0;
        if (body.has("ttl")) {
            if (!storable) {
                throw new WireException(ReplyCode.BAD_REQUEST, "field 'ttl' is for pushes to 'uid' or 'uids'");
            }
            expiresAt = now + duration(body, "ttl", null, MAX_TTL).toMillis();
        }
        return new PushOptions(awaitMillis, expiresAt, body.optBoolean("receipt"));
    }

    private static Duration duration(JsonObject body, String field, Duration fallback, Duration max)
            throws WireException {
        String text;
        try {
            text = body.optString(field);
        } catch (WireException notAString) {
            throw badDuration(field, max);
        }
        if (text == null) {
            return fallback;
        }
        Duration value = Durations.parse(text);
        if (value == null || value.isZero() || value.compareTo(max) > 0) {
            throw badDuration(field, max);
        }
        return value;
    }

    private static WireException badDuration(String field, Duration max) {
        return new WireException(ReplyCode.BAD_REQUEST, "field '" + field + "' must be " + Durations.EXPECTED
                + ", at most " + Durations.format(max));
    }
}
