package io.herald.gateway.auth;

/** A token that was refused; the message says why, for the client's 401 reply. No stack trace. */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
