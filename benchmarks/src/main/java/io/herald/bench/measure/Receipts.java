package io.herald.bench.measure;

/**
 * Turns the pushes connections receive into the ledger's bookkeeping: each connection's receipts go through a
 * {@link SeenIds} of its own, so that a repeat counts as a duplicate, and its receive time ({@link System#nanoTime()}
 * of whichever process of this machine held the connection) becomes epoch microseconds on this process's clock.
 *
 * <p>A connection's receipts all come from one thread, its event loop or the reader of the worker process that
 * holds it, so each connection's {@link SeenIds} is only ever touched by that thread; the ledger is thread-safe.
 */
public final class Receipts {

    private final DeliveryLedger ledger;
    private final MicroClock clock;
    private final SeenIds[] seen;

    public Receipts(int connections, DeliveryLedger ledger, MicroClock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.seen = new SeenIds[connections];
    }

    /** Connection {@code index} received message {@code seq} (-1: not this run's), sent at {@code sentMicros}. */
    public void received(int index, long seq, long sentMicros, long receivedNanos) {
        SeenIds ids = seen[index];
        if (ids == null) {
            ids = new SeenIds();
            seen[index] = ids;
        }
        ledger.received(ids, seq, sentMicros, clock.micros(receivedNanos));
    }
}
