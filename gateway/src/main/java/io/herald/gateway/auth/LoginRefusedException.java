package io.herald.gateway.auth;

/**
 * A login that was refused, with the code the client gets: 401 for a refused token, the status the auth upstream
 * answered, or 502/504 where it could not say. The message says why, for the reply. No stack trace.
 */
public final class LoginRefusedException extends Exception {

    private final int code;

    public LoginRefusedException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The reply's code, or the HTTP status of a refused upgrade. */
    public int code() {
        return code;
    }
}
