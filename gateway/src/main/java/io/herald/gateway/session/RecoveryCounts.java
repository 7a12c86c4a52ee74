package io.herald.gateway.session;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the logins recovered, for the node's metrics: the logins that asked to recover ({@code since}), whole or with
 * streams lost, the pushes replayed from history to them, and the stored pushes sent at login. Counted once per
 * login when its recovery is known, read by a scrape on another thread.
 */
public final class RecoveryCounts {

    private final LongAdder recovered = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder stored = new LongAdder();

    void counted(boolean askedToRecover, Recovery recovery) {
        if (askedToRecover) {
            (recovery.recovered() ? recovered : lost).increment();
        }
        replayed.add(recovery.replayed().size());
        stored.add(recovery.storedFirst().size());
    }

    /** Logins with {@code since} whose every stream was recovered whole. */
    public long recovered() {
        return recovered.sum();
    }

    /** Logins with {@code since} that lost at least one stream (history no longer reached back, epoch changed). */
    public long lost() {
        return lost.sum();
    }

    /** Pushes replayed from the streams' history to logins with {@code since}. */
    public long replayed() {
        return replayed.sum();
    }

    /** Stored pushes (not in a replay) sent to their user's connections at login. */
    public long stored() {
        return stored.sum();
    }
}
