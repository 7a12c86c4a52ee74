package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.gateway.session.Session;

/**
 * What the node does with a command it does not handle itself: answers 404 where no upstream is set
 * ({@link UnknownCommandAction}), else forwards it ({@link UpstreamAction}). Runs on the session's event loop.
 */
public interface CustomAction {

    void run(Session session, ClientCommand.Custom command);
}
