package io.herald.gateway.session;

import io.herald.codec.CloseCode;

/**
 * Why a connection ended, as its {@code disconnect} event says (PROTOCOL.md, "--events"). The node's own closes
 * map from their close code ({@link #of}); the rest are the client's doing ({@link #CLIENT}), silence past the idle
 * timeout ({@link #IDLE}) or a failure ({@link #ERROR}).
 */
public enum CloseReason {
    CLIENT("client"),
    IDLE("idle"),
    KICKED("kicked"),
    TOO_SLOW("too_slow"),
    GOING_AWAY("going_away"),
    UNAUTHORIZED("unauthorized"),
    RATE_LIMITED("rate_limited"),
    /** A newer connection of the same user took this one's place (4010). */
    REPLACED("replaced"),
    ERROR("error");

    /** The close code of a connection that ended without a close frame either way (RFC 6455). */
    public static final int NO_CLOSE_FRAME = 1006;

    private final String wire;

    CloseReason(String wire) {
        this.wire = wire;
    }

    /** The reason as the event carries it: {@code too_slow}. */
    public String wire() {
        return wire;
    }

    /** The reason of a close the node makes with {@code code}. */
    public static CloseReason of(CloseCode code) {
        return switch (code) {
            case GOING_AWAY -> GOING_AWAY;
            case UNAUTHORIZED -> UNAUTHORIZED;
            case LOGIN_TIMEOUT -> IDLE;
            case KICKED -> KICKED;
            case RATE_LIMITED -> RATE_LIMITED;
            case TOO_SLOW -> TOO_SLOW;
            case REPLACED, TOO_MANY_CONNECTIONS -> REPLACED;
            case TOO_BIG -> ERROR;
        };
    }
}
