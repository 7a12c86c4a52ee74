package io.herald.gateway.session;

/**
 * What a session tells the handlers of its pipeline, as a user event fired from its head.
 */
public enum SessionEvent {

    /**
     * The login reply went out: the connection is no longer being let in. Handlers that only matter before login
     * (the login deadline, the count of upgrades under way) let go of it.
     */
    LOGGED_IN,

    /**
     * A login was read and is being checked (its token, the auth upstream): the login deadline lets go of the
     * connection, whose check has a bound of its own.
     */
    LOGIN_READ,

    /**
     * The login reply went out, and what the connection missed after it: the commands that came while the login was
     * checked may run now, in order.
     */
    LOGIN_DONE,

    /** The login was refused, and the connection is being closed: the commands that came meanwhile are dropped. */
    LOGIN_REFUSED,

    /**
     * A {@code refresh} replaced the connection's token: the deadline that closes the connection when its token
     * expires follows the new one's.
     */
    REFRESHED
}
