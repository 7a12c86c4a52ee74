package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.ReplyCode;
import io.herald.codec.ServerFrames;
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
