package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.ReplyCode;
import io.herald.gateway.session.Session;
import io.herald.route.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code join} and {@code leave}: puts the logged-in user in or out of a group that its token allows (any
 * group in development mode), for all of the user's connections. 401 before login, 403 for a group the token
 * does not list. Runs on the session's event loop.
 */
public final class GroupAction {

    private static final Logger log = LoggerFactory.getLogger(GroupAction.class);

    private final Router router;
    private final Replies replies;

    public GroupAction(Router router, Replies replies) {
        this.router = router;
        this.replies = replies;
    }

    void join(Session session, ClientCommand.Join join) {
        if (allowed(session, join, join.group())) {
            reply(session, join, router.join(join.group(), session.uid()));
        }
    }

    void leave(Session session, ClientCommand.Leave leave) {
        if (allowed(session, leave, leave.group())) {
            reply(session, leave, router.leave(leave.group(), session.uid()));
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

    private void reply(Session session, ClientCommand command, CompletionStage<Boolean> done) {
        CompletableFuture<Boolean> answered = done.toCompletableFuture();
        if (answered.isDone()) {
            // A node alone answers at once: the reply goes out before the next command of the same read runs, so
            // that the replies of a join and a heartbeat sent together come in the order sent.
            answered.whenComplete((changed, e) -> replied(session, command, e));
        } else {
            // The registry answers on its own thread: the reply goes out from the session's loop.
            answered.whenCompleteAsync((changed, e) -> replied(session, command, e), session.loop());
        }
    }

    private void replied(Session session, ClientCommand command, Throwable e) {
        if (e != null) {
            log.warn("{} {} failed", session, command.cmd(), e);
            replies.error(session, command, ReplyCode.INTERNAL_ERROR, command.cmd() + " failed");
        } else {
            replies.ok(session, command);
        }
    }
}
