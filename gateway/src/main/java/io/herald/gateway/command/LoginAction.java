package io.herald.gateway.command;

import io.herald.codec.ClientCommand.Login;
import io.herald.codec.CloseCode;
import io.herald.codec.ReplyCode;
import io.herald.gateway.auth.LoginCheck;
import io.herald.gateway.auth.LoginRefusedException;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.gateway.session.UserLimitException;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code login}: checks the login ({@link LoginCheck}: the token, and the backend's answer where an auth upstream is
 * set), logs the session in, and replies with the connection id, the node id, the heartbeat interval and, where the
 * node has streams, the connection's position in each stream it receives and whether it recovered what it asked
 * for ({@code since}); then sends what it missed. A refused login is answered with its code (401 for a refused token)
 * and the connection closed with 4001; a second login, or one while the first is being checked, is 409. A login
 * carried by the upgrade request is checked before the handshake ({@link #check}) and logged in after it
 * ({@link #logIn}). Runs on the session's event loop; a check that completes elsewhere hops back to it.
 */
public final class LoginAction {

    private static final Logger log = LoggerFactory.getLogger(LoginAction.class);

    private final LoginCheck check;
    private final SessionLifecycle lifecycle;
    private final Replies replies;
    private final String nodeId;
    private final long heartbeatSeconds;

    public LoginAction(LoginCheck check, SessionLifecycle lifecycle, Replies replies, String nodeId,
                long heartbeatSeconds) {
        this.check = check;
        this.lifecycle = lifecycle;
        this.replies = replies;
        this.nodeId = nodeId;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    void run(Session session, Login login) {
        if (session.loggedIn() || !session.startLogin()) {
            replies.error(session, login, ReplyCode.CONFLICT, "already logged in");
            return;
        }
        // The login was read: from here the check's own bound (the upstream timeout) applies, not the login timeout.
        session.channel().pipeline().fireUserEventTriggered(SessionEvent.LOGIN_READ);
        CompletableFuture<TokenClaims> checked =
                check(login, session.remoteAddress(), session.channel().alloc()).toCompletableFuture();
        if (checked.isDone()) {
            // A token alone is checked at once: logged in before the next command of the same read is dispatched.
            checked.whenComplete((claims, e) -> checked(session, login, claims, e));
        } else {
            checked.whenCompleteAsync((claims, e) -> checked(session, login, claims, e), session.loop());
        }
    }

    private void checked(Session session, Login login, TokenClaims claims, Throwable e) {
        if (!session.channel().isActive()) {
            return;
        }
        if (e != null) {
            LoginRefusedException refused = refusal(e);
            log.debug("{} login as {} refused: {} {}", session, login.uid(), refused.code(), refused.getMessage());
            session.send(replies.frames().reply(login.id(), login.cmd(), refused.code(), refused.getMessage(), null));
            refused(session, CloseCode.UNAUTHORIZED);
            return;
        }
        logIn(session, login, claims);
    }

    /**
     * Checks a login; what an upgrade that carries its login does before its handshake. Completes exceptionally with
     * a {@link LoginRefusedException} where it is refused (see {@link #refusal}), possibly off the loop.
     */
    public CompletionStage<TokenClaims> check(Login login, String remote, ByteBufAllocator alloc) {
        return check.check(login, remote, alloc);
    }

    /** The refusal a failed {@link #check} carries; anything unexpected is a 500. */
    public static LoginRefusedException refusal(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof LoginRefusedException refused) {
            return refused;
        }
        log.warn("A login check failed", cause);
        return new LoginRefusedException(ReplyCode.INTERNAL_ERROR.code(), "login check failed");
    }
    /**
     * Logs in a session whose login was checked: registers it, replies (with {@code login}'s id, none for a login
     * carried by the upgrade) and sends what it missed. On the session's loop.
     */
    public void logIn(Session session, Login login, TokenClaims claims) {
        session.orderReplies(login.ordered());
        // The registry answers on its own thread: the reply, or the close, goes out from the session's loop.
        lifecycle.logIn(session, claims, login.device(), login.since()).whenCompleteAsync((recovery, e) -> {
            if (!session.channel().isActive()) {
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof UserLimitException refused) {
                log.debug("{} login as {} refused: {}", session, claims.uid(), refused.getMessage());
                replies.error(session, login, ReplyCode.TOO_MANY_REQUESTS, refused.getMessage());
                refused(session, CloseCode.TOO_MANY_CONNECTIONS);
                return;
            }
            if (e != null) {
                log.warn("{} login failed in the cluster", session, e);
                replies.error(session, login, ReplyCode.INTERNAL_ERROR, "login failed: cluster unavailable");
                refused(session, CloseCode.GOING_AWAY);
                return;
            }
            // Before the reply: a client that reads it and upgrades again must find the place its upgrade held free.
            session.channel().pipeline().fireUserEventTriggered(SessionEvent.LOGGED_IN);
            session.send(replies.frames().loginOk(login.id(), session.conn(), nodeId, heartbeatSeconds,
                    recovery.positions(), recovery.recovered(), recovery.lost()));
            // After the reply, before any live push: what the connection missed, then what was held meanwhile.
            session.recover(recovery);
            // Then the commands that came while the login was checked, in order.
            session.channel().pipeline().fireUserEventTriggered(SessionEvent.LOGIN_DONE);
        }, session.loop());
    }

    /** Closes the session whose login was refused; the commands it sent meanwhile are dropped. */
    private static void refused(Session session, CloseCode code) {
        session.channel().pipeline().fireUserEventTriggered(SessionEvent.LOGIN_REFUSED);
        session.close(code);
    }
}
