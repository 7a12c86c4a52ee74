package io.herald.gateway.command;

import io.herald.codec.ClientCommand.Refresh;
import io.herald.gateway.auth.LoginRefusedException;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * {@code refresh}: a fresh token for the logged-in user. Verified as a login's token is, for the connection's uid;
 * valid, it replaces the old one (200): the connection now lives until the new token's {@code exp}, and its
 * {@code groups} claim says what the client may join from now on (where an auth upstream listed the groups at login,
 * they stay). A refused token is answered with its code (401; 502 where its key could not be fetched) and the
 * connection keeps its old token, and so its old deadline. 401 before login. Where the node reads no token
 * (development mode, or an auth upstream alone) nothing expires, and a refresh is 200 and changes nothing. Of two
 * refreshes checked at once, the one sent last wins, whichever check ends first. Runs on the session's event loop; a
 * check that completes elsewhere (the token pool, a JWKS fetch) hops back to it.
 */
public final class RefreshAction {

    private static final Logger log = LoggerFactory.getLogger(RefreshAction.class);

    private final TokenVerifier verifier;
    private final boolean keepGroups;
    private final Replies replies;

    /**
     * @param verifier   the node's token verifier, or {@code null} where it reads no token
     * @param keepGroups whether the groups of the login stay (an auth upstream decided them), rather than the new
     *                   token's claim replacing them
     */
    public RefreshAction(TokenVerifier verifier, boolean keepGroups, Replies replies) {
        this.verifier = verifier;
        this.keepGroups = keepGroups;
        this.replies = replies;
    }

    void run(Session session, Refresh refresh) {
        if (!replies.requireLogin(session, refresh)) {
            return;
        }
        if (verifier == null) {
            replies.ok(session, refresh);
            return;
        }
        long number = session.startRefresh();
        CompletableFuture<TokenClaims> checked = verifier.verifyAsync(refresh.token(), session.uid())
                .toCompletableFuture();
        if (checked.isDone()) {
            checked.whenComplete((claims, e) -> checked(session, refresh, number, claims, e));
        } else {
            checked.whenCompleteAsync((claims, e) -> checked(session, refresh, number, claims, e), session.loop());
        }
    }

    private void checked(Session session, Refresh refresh, long number, TokenClaims claims, Throwable e) {
        if (!session.channel().isActive()) {
            return;
        }
        if (e != null) {
            LoginRefusedException refused = LoginAction.refusal(e);
            log.debug("{} refresh refused: {} {}", session, refused.code(), refused.getMessage());
            session.send(replies.frames().reply(refresh.id(), refresh.cmd(), refused.code(), refused.getMessage(),
                    null));
            return;
        }
        if (!session.refreshChecked(number)) {
            replies.ok(session, refresh); // Valid, but a refresh sent after it replaced the token already.
            return;
        }
        TokenClaims old = session.claims();
        session.refresh(keepGroups ? new TokenClaims(old.uid(), old.groups(), old.anyGroup(), claims.validUntil())
                : claims);
        session.channel().pipeline().fireUserEventTriggered(SessionEvent.REFRESHED);
        replies.ok(session, refresh);
    }
}
