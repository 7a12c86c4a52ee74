package io.herald.client;

/** A command the node answered with a code other than 2xx: 400, 401, 403, 404, 409, 429, 502, 504 and the like. */
public final class ReplyException extends HeraldException {

    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    ReplyException(Reply reply) {
        super(reply.cmd() + ": " + reply.code() + " " + reply.msg());
        this.reply = reply;
    }

    /** The reply's code. */
    public int code() {
        return reply.code();
    }

    /** The whole reply. */
    public Reply reply() {
        return reply;
    }
}
