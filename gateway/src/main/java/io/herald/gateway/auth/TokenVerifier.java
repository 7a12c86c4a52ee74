package io.herald.gateway.auth;

/**
 * Checks a client's login token. Called on the connection's event loop: implementations only compute,
 * never block.
 */
public interface TokenVerifier {

    /**
     * Verifies that {@code token} is valid now and was issued to {@code uid}.
     *
     * @throws InvalidTokenException naming why the token was refused
     */
    TokenClaims verify(String token, String uid) throws InvalidTokenException;
}
