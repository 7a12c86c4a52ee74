package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.PushMessage;
import io.herald.codec.ReplyCode;
import io.herald.gateway.session.Session;
import io.herald.route.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * {@code join} and {@code leave}: puts the logged-in user in or out of a group that its token allows (any
 * group in development mode), for all of the user's connections. 401 before login, 403 for a group the token
 * does not list. A join's reply says where the connection starts in the group's stream. Runs on the session's
 * event loop.
 */
public final class GroupAction {

    private static final Logger log = LoggerFactory.getLogger(GroupAction.class);

    private final Router router;
    private final Replies replies;

    public GroupAction(Router router, Replies replies) {
        this.router = router;
        this.replies = replies;
    }

    /**
     * The group's push frames wait from now until the reply is written, which is once every connection of the
     * user knows where it starts in the group's stream: the reply gives this connection's place, every frame of the
     * stream before it has a seq at or below that place and every one after it a seq above.
     */
    void join(Session session, ClientCommand.Join join) {
        if (!allowed(session, join, join.group())) {
            return;
        }
        String stream = PushMessage.groupStream(join.group());
        session.holdStream(stream);
        whenDone(session, router.join(join.group(), session.uid()), e -> session.releaseStream(stream, position -> {
            if (e != null) {
                failed(session, join, e);
            } else {
                replies.joined(session, join, stream, position);
            }
        }));
    }

    void leave(Session session, ClientCommand.Leave leave) {
        if (allowed(session, leave, leave.group())) {
            whenDone(session, router.leave(leave.group(), session.uid()), e -> {
                if (e != null) {
                    failed(session, leave, e);
                } else {
                    replies.ok(session, leave);
                }
            });
        }
    }

    private boolean allowed(Session session, ClientCommand command, String group) {
        if (!replies.requireLogin(session, command)) {
            return false;
        }
        if (!session.claims().allowsGroup(group)) {
            replies.error(session, command, ReplyCode.FORBIDDEN, "group '" + group + "' is not allowed by the token");
            return false;
        }
        return true;
    }

    /** Runs {@code then} with the failure, or {@code null}, once {@code done} completes, on the session's loop. */
    private static void whenDone(Session session, CompletionStage<?> done, Consumer<Throwable> then) {
        CompletableFuture<?> answered = done.toCompletableFuture();
        if (answered.isDone()) {
            // A node alone answers at once: the reply goes out before the next command of the same read runs, so
            // that the replies of a join and a heartbeat sent together come in the order sent.
            answered.whenComplete((v, e) -> then.accept(e));
        } else {
            // The registry and the other nodes answer on their own threads: the reply goes out from the session's loop.
            answered.whenCompleteAsync((v, e) -> then.accept(e), session.loop());
        }
    }

    private void failed(Session session, ClientCommand command, Throwable e) {
        log.warn("{} {} failed", session, command.cmd(), e);
        replies.error(session, command, ReplyCode.INTERNAL_ERROR, command.cmd() + " failed");
    }
}
