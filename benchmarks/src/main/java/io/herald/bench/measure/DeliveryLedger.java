package io.herald.bench.measure;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What was pushed and what arrived, per message: how many deliveries each message should make (the scenario's
 * own bookkeeping, set when it is sent) and how many distinct connections received it. A connection that receives
 * an id twice counts a duplicate, never a second delivery; an id that is not this run's counts as foreign. At
 * the end, {@link #tally()} adds up losses (expected minus received, per message) and unexpected deliveries
 * (received beyond what was expected).
 *
 * <p>End-to-end latency, the receive time minus the send time the push carries, goes into {@link #latency()}
 * for messages sent from {@link #measureFrom(long)} on. Issuers call {@link #expect}; event loops call
 * {@link #received}. Thread-safe.
 */
public final class DeliveryLedger {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MAX_CHUNKS = 1 << 14;

    /** The most messages one run may send: a billion, counters for each kept in chunks made on demand. */
    public static final long MAX_MESSAGES = (long) MAX_CHUNKS * CHUNK;

    private final AtomicReferenceArray<AtomicIntegerArray> expected = new AtomicReferenceArray<>(MAX_CHUNKS);
    private final AtomicReferenceArray<AtomicIntegerArray> received = new AtomicReferenceArray<>(MAX_CHUNKS);
    private final LongAccumulator highestSeq = new LongAccumulator(Math::max, -1);
    private final LongAdder expectedTotal = new LongAdder();
    private final LongAdder receivedTotal = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LatencyLog latency = new LatencyLog();
    private volatile long measureFromMicros;

    /** Message {@code seq} should reach {@code deliveries} connections. Call before sending it. */
    public void expect(long seq, int deliveries) {
        counter(expected, seq).set(index(seq), deliveries);
        highestSeq.accumulate(seq);
        expectedTotal.add(deliveries);
    }

    /** Message {@code seq} was not sent after all (the API refused it): it should reach nobody. */
    public void cancel(long seq) {
        expectedTotal.add(-counter(expected, seq).getAndSet(index(seq), 0));
    }

    /**
     * A connection whose receipts are {@code seen} received message {@code seq} ({@code -1}: an id of no push of
     * this run), sent at {@code sentMicros}, now.
     */
    void received(SeenIds seen, long seq, long sentMicros, long nowMicros) {
        if (seq < 0 || seq >= MAX_MESSAGES) {
            foreign.increment();
            return;
        }
        if (!seen.add(seq)) {
            duplicates.increment();
            return;
        }
        counter(received, seq).incrementAndGet(index(seq));
        highestSeq.accumulate(seq);
        receivedTotal.increment();
        if (sentMicros >= measureFromMicros) {
            latency.record(nowMicros - sentMicros);
        }
    }

    /** Latency is recorded for messages sent from this time on (epoch microseconds). */
    public void measureFrom(long micros) {
        measureFromMicros = micros;
    }

    public LatencyLog latency() {
        return latency;
    }

    public long expectedSoFar() {
        return expectedTotal.sum();
    }

    public long receivedSoFar() {
        return receivedTotal.sum();
    }

    public long duplicatesSoFar() {
        return duplicates.sum();
    }

    /** Adds up every message: call once the deliveries are in (a message still on its way counts as lost). */
    public Tally tally() {
        long losses = 0;
        long unexpected = 0;
        long messagesShort = 0;
        long highest = highestSeq.get();
        for (long seq = 0; seq <= highest; seq++) {
            AtomicIntegerArray e = expected.get(chunk(seq));
            AtomicIntegerArray r = received.get(chunk(seq));
            int want = e == null ? 0 : e.get(index(seq));
            int got = r == null ? 0 : r.get(index(seq));
            if (got < want) {
                losses += want - got;
                messagesShort++;
            } else {
                unexpected += got - want;
            }
        }
        return new Tally(expectedTotal.sum(), receivedTotal.sum(), losses, messagesShort, duplicates.sum(),
                unexpected, foreign.sum());
    }

    private static AtomicIntegerArray counter(AtomicReferenceArray<AtomicIntegerArray> chunks, long seq) {
        int c = chunk(seq);
        AtomicIntegerArray counters = chunks.get(c);
        if (counters == null) {
            chunks.compareAndSet(c, null, new AtomicIntegerArray(CHUNK));
            counters = chunks.get(c);
        }
        return counters;
    }

    private static int chunk(long seq) {
        return (int) (seq >>> CHUNK_BITS);
    }

    private static int index(long seq) {
        return (int) (seq & CHUNK - 1);
    }

    /**
     * The deliveries of a run, added up.
     *
     * @param expected      deliveries the messages should have made
     * @param received      first receipts: distinct (connection, message) pairs
     * @param losses        deliveries expected and not received
     * @param messagesShort messages that missed at least one connection
     * @param duplicates    receipts of an id the same connection had already received
     * @param unexpected    receipts beyond what a message should have made (misrouted)
     * @param foreign       receipts of ids this run never sent
     */
    public record Tally(long expected, long received, long losses, long messagesShort, long duplicates,
                        long unexpected, long foreign) {
    }
}
