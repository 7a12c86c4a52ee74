package io.herald.gateway.command;

import io.herald.codec.ServerFrames;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.Router;

/** Builds a dispatcher with every action, as the node's composition root does, for tests of the pipeline. */
public final class TestDispatchers {

    private TestDispatchers() {
    }

    public static CommandDispatcher dispatcher(TokenVerifier verifier, SessionLifecycle lifecycle, Router router,
                                               ServerFrames frames, String nodeId, long heartbeatSeconds) {
        Replies replies = new Replies(frames);
        return new CommandDispatcher(new LoginAction(verifier, lifecycle, replies, nodeId, heartbeatSeconds),
                new HeartbeatAction(replies), new AckAction(), new GroupAction(router, replies),
                new UnknownCommandAction(replies));
    }
}
