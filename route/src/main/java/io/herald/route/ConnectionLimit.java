package io.herald.route;

/**
 * How many connections one user may hold at once across the cluster ({@code --max-conns-per-user}), and what a
 * login past that does ({@code --conns-per-user-policy}). Checked where the login's route is registered, in the
 * same atomic step ({@link RouteRegistry#add(ConnectionRoute, ConnectionLimit)}).
 *
 * @param max    the most connections of one user; 0 for no limit
 * @param policy what a login that would pass {@code max} does
 */
public record ConnectionLimit(int max, Policy policy) {

    /** No limit: a login is registered as before, without the limit's script. */
    public static final ConnectionLimit NONE = new ConnectionLimit(0, Policy.REPLACE);

    /** What a login that would pass the limit does. */
    public enum Policy {
        /** The login is refused; the user's connections stay as they were. */
        REJECT,
        /** The login is admitted and the user's oldest connection (anywhere in the cluster) is closed. */
        REPLACE;

        /** As the flag takes it: {@code reject}, {@code replace}. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ConnectionLimit {
        if (max < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 0)");
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy: null (expected: reject or replace)");
        }
    }

    /** Whether there is a limit at all. */
    public boolean limits() {
        return max > 0;
    }
}
