package io.herald.gateway.command;

import io.herald.codec.ClientCommand.Ack;
import io.herald.gateway.session.Session;

/**
 * {@code ack}: the client received a push. Gets no reply; nothing waits for acknowledgements yet (delivery
 * guarantees will hang on this).
 */
public final class AckAction {

    public AckAction() {
    }

    void run(Session session, Ack ack) {
        // Acknowledged pushes need no bookkeeping until the node keeps pushes for redelivery.
    }
}
