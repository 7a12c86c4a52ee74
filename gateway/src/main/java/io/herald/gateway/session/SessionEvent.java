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
     * A {@code refresh} replaced the connection's token: the deadline that closes the connection when its token
     * expires follows the new one's.
     */
    REFRESHED
}
