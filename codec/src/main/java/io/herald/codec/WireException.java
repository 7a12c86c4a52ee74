package io.herald.codec;

/**
 * A request that could not be read: malformed JSON, a missing field or a field of the wrong type. Carries the
 * reply code and a message that names the problem, and, where they could be read before the problem, the
 * request's {@code id} and {@code cmd} so the reply can echo them. Cheap: it has no stack trace, because it is
 * an answer to a client, not a bug.
 */
public final class WireException extends Exception {

    private final ReplyCode code;
    private final String id;
    private final String cmd;

    public WireException(ReplyCode code, String message) {
        this(code, message, null, null);
    }

    public WireException(ReplyCode code, String message, String id, String cmd) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
        this.cmd = cmd;
    }

    public static WireException missing(String field) {
        return new WireException(ReplyCode.BAD_REQUEST, "missing field '" + field + "'");
    }

    public static WireException wrongType(String field, String expected) {
        return new WireException(ReplyCode.BAD_REQUEST, "field '" + field + "' must be " + expected);
    }

    /** The same problem, with the request's id and command attached. */
    WireException withRequest(String requestId, String requestCmd) {
        return new WireException(code, getMessage(), requestId, requestCmd);
    }

    public ReplyCode code() {
        return code;
    }

    /** The request's {@code id}, or {@code null} where it could not be read. */
    public String id() {
        return id;
    }

    /** The request's {@code cmd}, or {@code null} where it could not be read. */
    public String cmd() {
        return cmd;
    }
}
