package io.herald.bench.load;

import io.herald.bench.measure.LatencyLog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the failover clients count between them: drops and why, reconnect attempts a node refused, logins again
 * and whether they recovered (which streams they lost), how long from drop to the recovered login reply, the
 * repeats their dedupe dropped and the pushes that came out of seq order; and, as gauges, the clients logged in
 * and those between a drop and their next login. Called from the clients' event loops; thread-safe.
 */
public final class FailoverStats {

    private final ReasonCounts drops = new ReasonCounts();
    private final ReasonCounts refusedAttempts = new ReasonCounts();
    private final ReasonCounts lostStreams = new ReasonCounts();
    private final LongAdder clientsReconnected = new LongAdder();
    private final LongAdder recovered = new LongAdder();
    private final LongAdder notRecovered = new LongAdder();
    private final LongAdder duplicatesDropped = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder behind = new LongAdder();
    private final LongAdder unknownStream = new LongAdder();
    private final LongAdder loggedIn = new LongAdder();
    private final LongAdder down = new LongAdder();
    private final LatencyLog recoveryTimes = new LatencyLog();

    void dropped(String reason) {
        drops.add(reason);
        loggedIn.decrement();
        down.increment();
    }

    void refused(String reason) {
        refusedAttempts.add(reason);
    }

    void firstLogin() {
        loggedIn.increment();
    }

    /**
     * A client logged in again after a drop, {@code micros} after it; {@code first}: its first time back.
     *
     * @param lost the streams the login reply listed as lost
     */
    void loggedInAgain(boolean first, boolean whole, List<String> lost, long micros) {
        loggedIn.increment();
        down.decrement();
        if (first) {
            clientsReconnected.increment();
        }
        if (whole) {
            recovered.increment();
        } else {
            notRecovered.increment();
        }
        lost.forEach(lostStreams::add);
        recoveryTimes.record(micros);
    }

    void duplicateDropped() {
        duplicatesDropped.increment();
    }

    void order(StreamPositions.Order order) {
        switch (order) {
            case GAP -> gaps.increment();
            case BEHIND -> behind.increment();
            case UNKNOWN -> unknownStream.increment();
            default -> {
            }
        }
    }

    /** Clients logged in now. */
    public long loggedIn() {
        return loggedIn.sum();
    }

    /** Clients between a drop and their next login now. */
    public long down() {
        return down.sum();
    }

    /** Drops of a logged-in connection, by reason. */
    public Map<String, Long> drops() {
        return drops.byReason();
    }

    public long dropCount() {
        return drops.total();
    }

    /** Reconnect attempts that failed, by reason: refused, reset, not ready in time, login refused. */
    public Map<String, Long> refusedAttempts() {
        return refusedAttempts.byReason();
    }

    /** Clients that logged in again at least once. */
    public long clientsReconnected() {
        return clientsReconnected.sum();
    }

    /** Logins again whose reply said {@code recovered:true}. */
    public long recovered() {
        return recovered.sum();
    }

    /** Logins again whose reply said {@code recovered:false}. */
    public long notRecovered() {
        return notRecovered.sum();
    }

    /** The streams the replies of those listed as lost, by stream. */
    public Map<String, Long> lostStreams() {
        return lostStreams.byReason();
    }

    /** Drop to the login reply of the next connection, per login again. */
    public LatencyLog recoveryTimes() {
        return recoveryTimes;
    }

    /** Pushes a client had already handed over within its dedupe window, which it dropped. */
    public long duplicatesDropped() {
        return duplicatesDropped.sum();
    }

    /** First receipts whose seq skipped seqs on their stream. */
    public long gaps() {
        return gaps.sum();
    }

    /** First receipts whose seq was at or below one already seen on their stream. */
    public long behind() {
        return behind.sum();
    }

    /** Pushes on a stream the login reply did not list. */
    public long unknownStream() {
        return unknownStream.sum();
    }
}
