package io.herald.client;

/**
 * A command that could not be answered: the client was not logged in when it was sent (commands are not queued
 * while away), or the connection went before the reply came.
 */
public final class DisconnectedException extends HeraldException {

    private static final long serialVersionUID = 1L;

    DisconnectedException(String message) {
        super(message);
    }
}
