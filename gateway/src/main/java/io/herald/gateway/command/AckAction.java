package io.herald.gateway.command;

import io.herald.codec.ClientCommand.Ack;
import io.herald.gateway.events.Events;
import io.herald.gateway.session.Session;
import io.herald.route.StreamStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ack}: the client received a push. Gets no reply, ever: an ack of an unknown id, or of one acked already,
 * is ignored. Where something waits on the push, the ack counts for the API call awaiting it, is reported as a
 * receipt event where its sender asked, and drops it from the user's storage where it was stored. Runs on the
 * session's loop; the storage is written off it.
 */
public final class AckAction {

    private static final Logger log = LoggerFactory.getLogger(AckAction.class);

    private final StreamStore streams;
    private final Events events;

    public AckAction(StreamStore streams, Events events) {
        this.streams = streams;
        this.events = events;
    }

    void run(Session session, Ack ack) {
        if (!session.loggedIn()) {
            return;
        }
        Session.Acked acked = session.acked(ack.id());
        if (acked == null) {
            return;
        }
        if (acked.receipt()) {
            events.acked(ack.id(), session.uid(), session.conn());
        }
        if (acked.stored()) {
            streams.acked(session.uid(), ack.id()).whenComplete((removed, e) -> {
                if (e != null) {
                    // It stays stored and comes again at the next login; the client dedupes it by id.
                    log.debug("{} acked {}, but its storage could not be reached: {}", session, ack.id(), e.toString());
                }
            });
        }
    }
}
