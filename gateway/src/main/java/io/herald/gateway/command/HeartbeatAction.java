package io.herald.gateway.command;

import io.herald.codec.ClientCommand.Heartbeat;
import io.herald.gateway.session.Session;

/**
 * {@code heartbeat}: answers 200. Reading the frame already counted as life for the idle timers.
 */
public final class HeartbeatAction {

    private final Replies replies;

    public HeartbeatAction(Replies replies) {
        this.replies = replies;
    }

    void run(Session session, Heartbeat heartbeat) {
        replies.ok(session, heartbeat);
    }
}
