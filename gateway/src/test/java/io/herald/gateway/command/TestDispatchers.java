package io.herald.gateway.command;

import io.herald.codec.ServerFrames;
import io.herald.gateway.auth.LoginCheck;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.events.Events;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.Router;
import io.herald.route.StreamStore;

/** Builds a dispatcher with every action, as the node's composition root does, for tests of the pipeline. */
public final class TestDispatchers {

    private TestDispatchers() {
    }

    /** A dispatcher whose acks report no events. */
    public static CommandDispatcher dispatcher(TokenVerifier verifier, SessionLifecycle lifecycle, Router router,
                                               StreamStore streams, ServerFrames frames, String nodeId,
                                               long heartbeatSeconds) {
        return dispatcher(LoginCheck.tokens(verifier), lifecycle, router, streams, frames, nodeId, heartbeatSeconds);
    }

    /** A dispatcher whose logins {@code check} decides and whose acks report no events. */
    public static CommandDispatcher dispatcher(LoginCheck check, SessionLifecycle lifecycle, Router router,
                                               StreamStore streams, ServerFrames frames, String nodeId,
                                               long heartbeatSeconds) {
        Replies replies = new Replies(frames);
        return new CommandDispatcher(new LoginAction(check, lifecycle, replies, nodeId, heartbeatSeconds),
                new HeartbeatAction(replies), new AckAction(streams, new Events(null, nodeId, System::currentTimeMillis)),
                new GroupAction(router, replies), new RefreshAction(null, false, replies),
                new UnknownCommandAction(replies));
    }
}
