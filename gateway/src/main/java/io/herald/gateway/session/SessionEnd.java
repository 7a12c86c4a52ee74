package io.herald.gateway.session;

/**
 * How a connection ends, for its disconnect event: whether its connect event went out (so that its disconnect does
 * too), why it ends and the close code it ends with. The first cause noted wins: the client's echo of the node's
 * close frame does not make a close the client's. Belongs to its session's event loop.
 */
public final class SessionEnd {

    private boolean announced;
    private CloseReason reason;
    private int code = CloseReason.NO_CLOSE_FRAME;

    SessionEnd() {
    }

    /** Notes why the connection ends and its close code, unless a cause was noted before. */
    public void note(CloseReason reason, int code) {
        if (this.reason == null) {
            this.reason = reason;
            this.code = code;
        }
    }

    /** Why the connection ended: what {@link #note} noted, else the client's doing (it hung up). */
    public CloseReason reason() {
        return reason == null ? CloseReason.CLIENT : reason;
    }

    /** The close code the connection ended with; 1006 where no close frame was sent or read. */
    public int code() {
        return code;
    }

    /** Marks that the connection's connect event went out. */
    public void announce() {
        announced = true;
    }

    /** Whether the connection's connect event went out. */
    public boolean announced() {
        return announced;
    }
}
