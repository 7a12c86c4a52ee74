package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.ReplyCode;
import io.herald.codec.ServerFrames;
import io.herald.codec.StreamPosition;
import io.herald.gateway.session.Session;

/**
 * Sends replies to commands, on the session's event loop. Stateless.
 */
public final class Replies {

    private final ServerFrames frames;

    public Replies(ServerFrames frames) {
        this.frames = frames;
    }

    void ok(Session session, ClientCommand command) {
        session.send(frames.ok(command.id(), command.cmd()));
    }

    /**
     * The reply to a {@code join}: with where the connection starts in the group's stream, or without {@code data}
     * where that cannot be said (streams off, the store unreachable).
     */
    void joined(Session session, ClientCommand.Join join, String stream, StreamPosition position) {
        session.send(position == null ? frames.ok(join.id(), join.cmd()) : frames.joinOk(join.id(), stream, position));
    }

    void error(Session session, ClientCommand command, ReplyCode code, String msg) {
        session.send(frames.error(command.id(), command.cmd(), code, msg));
    }

    /** Answers 401 and returns false where the session has not logged in yet. */
    boolean requireLogin(Session session, ClientCommand command) {
        if (session.loggedIn()) {
            return true;
        }
        error(session, command, ReplyCode.UNAUTHORIZED, "login required");
        return false;
    }

    ServerFrames frames() {
        return frames;
    }
}
