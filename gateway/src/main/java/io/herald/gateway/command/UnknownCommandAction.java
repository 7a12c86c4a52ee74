package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.ReplyCode;
import io.herald.gateway.session.Session;

/**
 * Any command the node does not handle itself, where no upstream is set: answered 404 {@code unknown command};
 * 401 before login.
 */
public final class UnknownCommandAction implements CustomAction {

    private final Replies replies;

    public UnknownCommandAction(Replies replies) {
        this.replies = replies;
    }

    @Override
    public void run(Session session, ClientCommand.Custom command) {
        if (replies.requireLogin(session, command)) {
            replies.error(session, command, ReplyCode.NOT_FOUND, "unknown command");
        }
    }
}
