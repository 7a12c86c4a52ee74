package io.herald.gateway.auth;

import io.herald.codec.ClientCommand.Login;
import io.herald.codec.ReplyCode;
import io.netty.buffer.ByteBufAllocator;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether a login may go ahead: its token alone ({@link #tokens}), or the backend's answer
 * ({@code --auth-upstream}), after the token where a secret is set too. Called on the connection's event loop; never
 * blocks. The result may complete on another thread: the caller hops back to the connection's loop.
 */
@FunctionalInterface
public interface LoginCheck {

    /**
     * Checks {@code login} from a client at {@code remote} ({@code null} where unknown). Completes with the claims to
     * log in with, or exceptionally with a {@link LoginRefusedException} carrying the code the client gets.
     */
    CompletionStage<TokenClaims> check(Login login, String remote, ByteBufAllocator alloc);

    /**
     * The token alone decides: refused tokens are 401. Completes at once, unless the token's key must be fetched
     * first (502 where it cannot be).
     */
    static LoginCheck tokens(TokenVerifier verifier) {
        return (login, remote, alloc) -> verifier.verifyAsync(login.token(), login.uid());
    }

    /** A refused token as a refused login: 401 with the reason. */
    static LoginRefusedException refused(InvalidTokenException e) {
        return new LoginRefusedException(ReplyCode.UNAUTHORIZED.code(), e.getMessage());
    }
}
