package io.herald.gateway.session;

/**
 * A login refused because its user already holds {@code --max-conns-per-user} connections and the policy is
 * {@code reject}: answered 429, then closed with 4010. Carries no stack trace: it is an answer, not a fault.
 */
public final class UserLimitException extends RuntimeException {

    private final int max;

    UserLimitException(int max) {
        super("too many connections for this user (at most " + max + ")", null, false, false);
        this.max = max;
    }

    /** The limit the login would have passed. */
    public int max() {
        return max;
    }
}
