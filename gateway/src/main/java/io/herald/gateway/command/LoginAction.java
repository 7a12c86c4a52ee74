package io.herald.gateway.command;

import io.herald.codec.ClientCommand.Login;
import io.herald.codec.CloseCode;
import io.herald.codec.ReplyCode;
import io.herald.gateway.auth.InvalidTokenException;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.herald.gateway.session.SessionLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code login}: verifies the token, logs the session in, and replies with the connection id, the node id, the
 * heartbeat interval and, where the node has streams, the connection's position in each stream it receives and
 * whether it recovered what it asked for ({@code since}); then sends what it missed. A refused token is answered
 * 401 and the connection closed with 4001; a second login is 409. A login carried by the upgrade request is
 * verified before the handshake ({@link #verify}) and logged in after it ({@link #logIn}). Runs on the session's
 * event loop.
 */
public final class LoginAction {

    private static final Logger log = LoggerFactory.getLogger(LoginAction.class);

    private final TokenVerifier verifier;
    private final SessionLifecycle lifecycle;
    private final Replies replies;
    private final String nodeId;
    private final long heartbeatSeconds;

    public LoginAction(TokenVerifier verifier, SessionLifecycle lifecycle, Replies replies, String nodeId,
                long heartbeatSeconds) {
        this.verifier = verifier;
        this.lifecycle = lifecycle;
        this.replies = replies;
        this.nodeId = nodeId;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    void run(Session session, Login login) {
        if (session.loggedIn()) {
            replies.error(session, login, ReplyCode.CONFLICT, "already logged in");
            return;
        }
        TokenClaims claims;
        try {
            claims = verify(login);
        } catch (InvalidTokenException e) {
            log.debug("{} login as {} refused: {}", session, login.uid(), e.getMessage());
            replies.error(session, login, ReplyCode.UNAUTHORIZED, e.getMessage());
            session.close(CloseCode.UNAUTHORIZED);
            return;
        }
        logIn(session, login, claims);
    }

    /** Checks the login's token; what an upgrade that carries its login does before its handshake. */
    public TokenClaims verify(Login login) throws InvalidTokenException {
        return verifier.verify(login.token(), login.uid());
    }

    /**
     * Logs in a session whose token was verified: registers it, replies (with {@code login}'s id, none for a login
     * carried by the upgrade) and sends what it missed. On the session's loop.
     */
    public void logIn(Session session, Login login, TokenClaims claims) {
        session.orderReplies(login.ordered());
        // The registry answers on its own thread: the reply, or the close, goes out from the session's loop.
        lifecycle.logIn(session, claims, login.device(), login.since()).whenCompleteAsync((recovery, e) -> {
            if (e != null) {
                log.warn("{} login failed in the cluster", session, e);
                replies.error(session, login, ReplyCode.INTERNAL_ERROR, "login failed: cluster unavailable");
                session.close(CloseCode.GOING_AWAY);
                return;
            }
            // Before the reply: a client that reads it and upgrades again must find the place its upgrade held free.
            session.channel().pipeline().fireUserEventTriggered(SessionEvent.LOGGED_IN);
            session.send(replies.frames().loginOk(login.id(), session.conn(), nodeId, heartbeatSeconds,
                    recovery.positions(), recovery.recovered(), recovery.lost()));
            // After the reply, before any live push: what the connection missed, then what was held meanwhile.
            session.recover(recovery);
        }, session.loop());
    }
}
