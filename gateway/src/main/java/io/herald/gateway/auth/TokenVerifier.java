package io.herald.gateway.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Checks a client's login token. Called on the connection's event loop: implementations only compute, never block;
 * one that needs a key it does not have yet fetches it off the loop ({@link #verifyAsync}).
 */
public interface TokenVerifier {

    /**
     * Verifies that {@code token} is valid now and was issued to {@code uid}, with the keys at hand.
     *
     * @throws InvalidTokenException naming why the token was refused
     */
    TokenClaims verify(String token, String uid) throws InvalidTokenException;

    /**
     * Verifies {@code token} as {@link #verify} does, fetching its key first where it must (a {@code kid} the
     * cached JWKS lacks). Completes at once where it need not, else on another thread (the caller hops back to its
     * loop); exceptionally with a {@link LoginRefusedException}: 401 for a refused token, 502 where its key could
     * not be fetched.
     */
    default CompletionStage<TokenClaims> verifyAsync(String token, String uid) {
        try {
            return CompletableFuture.completedFuture(verify(token, uid));
        } catch (InvalidTokenException e) {
            return CompletableFuture.failedFuture(LoginCheck.refused(e));
        }
    }
}
