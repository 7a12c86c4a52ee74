package io.herald.bench.load;

import java.util.HashSet;
import java.util.Set;

/**
 * The ids of the last pushes one client received, so that it hands a push to its application once even where the
 * node sends it twice: a window of the last {@code window} ids, as a real client keeps (it cannot keep every id
 * forever). A repeat older than the window gets through, and the run's ledger then counts it as delivered twice to
 * the application. Used by the client's event loop only; not thread-safe.
 */
final class PushDedupe {

    /** Ids a client remembers: far more than the pushes one user gets while a node is down and restarted. */
    static final int WINDOW = 1024;

    private final String[] ring;
    private final Set<String> ids;
    private int next;

    PushDedupe(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        this.ring = new String[window];
        this.ids = new HashSet<>(window * 2);
    }

    /** Records {@code id}; true the first time within the window, false for a repeat, which the client drops. */
    boolean firstTime(String id) {
        if (!ids.add(id)) {
            return false;
        }
        String oldest = ring[next];
        if (oldest != null) {
            ids.remove(oldest);
        }
        ring[next] = id;
        next = (next + 1) % ring.length;
        return true;
    }
}
