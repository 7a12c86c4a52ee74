package io.herald.client;

/** A command that did not succeed: refused by the node ({@link ReplyException}) or cut off ({@link DisconnectedException}). */
public class HeraldException extends Exception {

    private static final long serialVersionUID = 1L;

    HeraldException(String message) {
        super(message);
    }
}
