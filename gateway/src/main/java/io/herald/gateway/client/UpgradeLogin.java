package io.herald.gateway.client;

import io.herald.codec.ClientCommand.Login;
import io.herald.codec.CommandReader;
import io.herald.codec.WireException;
import io.herald.gateway.auth.InvalidTokenException;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.command.LoginAction;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A login carried by the upgrade request itself, {@code GET /ws?uid=alice&token=…} (optional {@code device},
 * {@code since}, {@code ordered}; the token may come as {@code Authorization: Bearer} instead): the token is checked
 * before the handshake, so a bad one costs no WebSocket (HTTP 401, or the auth upstream's status), and the login
 * reply follows the 101 at once, without the round trip of a {@code login} command. A client that reconnects often
 * (mobile apps, a node restarted during a deploy) pays one round trip and one frame fewer per connect. With an auth
 * upstream the check completes off the loop, and the handshake waits for it. Stateless; one per node.
 */
final class UpgradeLogin {

    /** An allowed login waiting for its handshake to complete. */
    record Verified(Login login, TokenClaims claims) {
    }

    private static final AttributeKey<Verified> PENDING = AttributeKey.valueOf("herald.upgrade-login");
    private static final String BEARER = "Bearer ";

    private final CommandReader reader;
    private final LoginAction logins;

    UpgradeLogin(CommandReader reader, LoginAction logins) {
        this.reader = reader;
        this.logins = logins;
    }

    /**
     * Reads the login an upgrade request carries (one with {@code uid} in its query) and checks it; once allowed
     * keeps it on the channel until its handshake completes. Returns {@code null} for a request that carries none,
     * else the check, which completes (possibly off the loop) once the login is allowed, or exceptionally with a
     * {@link io.herald.gateway.auth.LoginRefusedException}.
     *
     * @throws WireException         400: {@code since} is not positions
     * @throws InvalidTokenException 401: no token
     */
    CompletionStage<?> read(Channel channel, HttpRequest request, QueryStringDecoder query, String remote)
            throws WireException, InvalidTokenException {
        Map<String, List<String>> parameters = query.parameters();
        String uid = first(parameters, "uid");
        if (uid == null) {
            return null;
        }
        String token = first(parameters, "token");
        if (token == null) {
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (authorization != null && authorization.startsWith(BEARER)) {
                token = authorization.substring(BEARER.length()).trim();
            }
        }
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("missing token (expected: a token query parameter, or Authorization: "
                    + "Bearer)");
        }
        Login login = reader.upgradeLogin(uid, token, first(parameters, "device"), first(parameters, "since"),
                first(parameters, "ordered"));
        // The login was read: from here the check's own bound (the upstream timeout) applies, not the login timeout.
        channel.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_READ);
        return logins.check(login, remote, channel.alloc())
                .thenAccept(claims -> channel.attr(PENDING).set(new Verified(login, claims)));
    }

    /** Logs in the session whose upgrade carried a login, once its handshake completed; on its loop. */
    void handshakeCompleted(Session session) {
        Verified verified = session.channel().attr(PENDING).getAndSet(null);
        if (verified != null) {
            logins.logIn(session, verified.login(), verified.claims());
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
