package io.herald.client;

/**
 * Something the node refused or that did not happen: a command refused ({@link ReplyException}) or cut off
 * ({@link DisconnectedException}), a client that stopped before it logged in.
 */
public class HeraldException extends Exception {

    private static final long serialVersionUID = 1L;

    HeraldException(String message) {
        super(message);
    }
}
