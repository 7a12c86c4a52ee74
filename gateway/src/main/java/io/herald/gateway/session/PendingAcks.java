package io.herald.gateway.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pushes written to one connection whose ack does something: an API call awaits it, its sender asked for a
 * receipt, or it is stored for the user until acked. Bounded: past {@link #MAX} the oldest is forgotten (its
 * await times out, and a stored push stays stored). Touched only on the connection's loop.
 */
final class PendingAcks {

    /** The most pushes one connection may leave unacked before the oldest is forgotten. */
    static final int MAX = 1024;

    /**
     * What a connection's ack of one push does.
     *
     * @param ackWait the API call awaiting it, or {@code null}
     * @param receipt whether the ack is reported as a receipt event
     * @param stored  whether the ack drops the push from its user's storage
     */
    record Pending(AckWait ackWait, boolean receipt, boolean stored) {
    }

    private final Map<String, Pending> byId = new LinkedHashMap<>();

    void add(String id, Pending pending) {
        Pending before = byId.put(id, pending);
        if (before != null && before.ackWait() != null && pending.ackWait() != before.ackWait()) {
            // The same id written twice with two waits: keep the first's too, so neither hangs past its timeout.
            byId.put(id, new Pending(pending.ackWait(), pending.receipt() || before.receipt(),
                    pending.stored() || before.stored()));
        }
        if (byId.size() > MAX) {
            Iterator<String> oldest = byId.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The push's pending ack, taken out; {@code null} for an id nothing waits on. */
    Pending take(String id) {
        return byId.remove(id);
    }

    int size() {
        return byId.size();
    }
}
