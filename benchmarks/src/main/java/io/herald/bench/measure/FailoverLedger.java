package io.herald.bench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The books of a failover run, push by push: whom each push was for, which node's API took it and what it
 * answered (with the stream seq of a 200), and how many times it reached its user's application, that is past the
 * client's own dedupe. At the end, {@link #tally} says what was lost (answered 200, never handed to the
 * application) and what was handed over twice. Each push goes to one user, so a receipt by any other user is
 * misrouted. Send-to-application latency goes into {@link #latency()}.
 *
 * <p>The pusher calls the issue and answer methods from its thread and the HTTP loops; the clients call
 * {@link #delivered} from theirs. Thread-safe.
 */
public final class FailoverLedger {

    /** The most pushes one run may number. */
    public static final long MAX_PUSHES = 1L << 28;

    static final int ISSUED = 0;
    static final int ANSWERED = 1;
    static final int REFUSED = 2;
    static final int UNANSWERED = 3;
    static final int NOT_SENT = 4;

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final AtomicReferenceArray<Chunk> chunks = new AtomicReferenceArray<>((int) (MAX_PUSHES >>> CHUNK_BITS));
    private final LongAccumulator highest = new LongAccumulator(Math::max, -1);
    private final LongAdder answered = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder answeredAndReceived = new LongAdder();
    private final LongAdder twice = new LongAdder();
    private final LongAdder misrouted = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LatencyLog latency = new LatencyLog();

    /** One chunk of pushes' books, made on first need. */
    private static final class Chunk {
        final AtomicIntegerArray user = new AtomicIntegerArray(CHUNK);
        final AtomicIntegerArray node = new AtomicIntegerArray(CHUNK);
        final AtomicIntegerArray state = new AtomicIntegerArray(CHUNK);
        final AtomicIntegerArray deliveries = new AtomicIntegerArray(CHUNK);
        /** Whether the push was counted in {@code answeredAndReceived}, by whichever of the two came last. */
        final AtomicIntegerArray counted = new AtomicIntegerArray(CHUNK);
        final AtomicLongArray streamSeq = new AtomicLongArray(CHUNK);
    }

    /** Push {@code n} is for user {@code user}; call before it is sent. */
    public void issued(long n, int user) {
        Chunk c = chunk(n, true);
        int i = index(n);
        c.user.set(i, user);
        c.node.set(i, -1);
        c.streamSeq.set(i, -1);
        highest.accumulate(n);
    }

    /** Push {@code n} goes through the API of node {@code node} (its place in the run's lists). */
    public void sent(long n, int node) {
        chunk(n, true).node.set(index(n), node);
    }

    /** Push {@code n} was answered 200, with the seq its stream gave it (-1 where the answer had none). */
    public void answered(long n, long streamSeq) {
        Chunk c = chunk(n, true);
        int i = index(n);
        c.streamSeq.set(i, streamSeq);
        c.state.set(i, ANSWERED);
        answered.increment();
        if (c.deliveries.get(i) > 0 && c.counted.compareAndSet(i, 0, 1)) {
            answeredAndReceived.increment();
        }
    }

    /** Push {@code n} was answered otherwise than 200 (or taken for a duplicate id). */
    public void refused(long n) {
        chunk(n, true).state.set(index(n), REFUSED);
    }

    /**
     * Push {@code n} got no answer: its connection closed after it was sent ({@code sent}: the node may have taken
     * it), or it never left.
     */
    public void unanswered(long n, boolean sent) {
        chunk(n, true).state.set(index(n), sent ? UNANSWERED : NOT_SENT);
    }

    /**
     * User {@code user}'s application got push {@code n} ({@code -1}: an id of no push of this run), sent at
     * {@code sentMicros}, at {@code nowMicros}. Returns whether it was the first time.
     */
    public boolean delivered(long n, int user, long sentMicros, long nowMicros) {
        if (n < 0 || n > highest.get()) {
            foreign.increment();
            return false;
        }
        Chunk c = chunk(n, true);
        int i = index(n);
        if (c.user.get(i) != user) {
            misrouted.increment();
            return false;
        }
        if (c.deliveries.incrementAndGet(i) > 1) {
            twice.increment();
            return false;
        }
        received.increment();
        latency.record(nowMicros - sentMicros);
        if (c.state.get(i) == ANSWERED && c.counted.compareAndSet(i, 0, 1)) {
            answeredAndReceived.increment();
        }
        return true;
    }

    /** Pushes answered 200 so far. */
    public long answeredSoFar() {
        return answered.sum();
    }

    /** Distinct pushes handed to their application so far. */
    public long receivedSoFar() {
        return received.sum();
    }

    /** Pushes answered 200 and not yet handed to their application. */
    public long missingSoFar() {
        return answered.sum() - answeredAndReceived.sum();
    }

    /** Pushes handed to their application a second time so far. */
    public long twiceSoFar() {
        return twice.sum();
    }

    /** Send to the application, per push, the first time. */
    public LatencyLog latency() {
        return latency;
    }

    /**
     * Adds up every push; call once the run is quiet. Lists at most {@code listed} of the lost pushes.
     */
    public Tally tally(int listed) {
        long[] states = new long[NOT_SENT + 1];
        long receivedAll = 0;
        long receivedUnanswered = 0;
        long lost = 0;
        List<Lost> lostPushes = new ArrayList<>();
        for (long n = 0; n <= highest.get(); n++) {
            Chunk c = chunk(n, false);
            int i = index(n);
            int state = c == null ? NOT_SENT : c.state.get(i);
            int got = c == null ? 0 : c.deliveries.get(i);
            states[state]++;
            receivedAll += got > 0 ? 1 : 0;
            receivedUnanswered += got > 0 && state != ANSWERED ? 1 : 0;
            if (state == ANSWERED && got == 0) {
                lost++;
                if (lostPushes.size() < listed) {
                    lostPushes.add(new Lost(n, c.user.get(i), c.node.get(i), c.streamSeq.get(i)));
                }
            }
        }
        return new Tally(highest.get() + 1, states[ANSWERED], states[REFUSED], states[UNANSWERED] + states[ISSUED],
                states[NOT_SENT], receivedAll, receivedUnanswered, lost, twice.sum(), misrouted.sum(), foreign.sum(),
                List.copyOf(lostPushes));
    }

    private Chunk chunk(long n, boolean make) {
        if (n < 0 || n >= MAX_PUSHES) {
            throw new IllegalArgumentException("push " + n + " (expected: 0 to " + (MAX_PUSHES - 1) + ")");
        }
        int k = (int) (n >>> CHUNK_BITS);
        Chunk c = chunks.get(k);
        if (c == null && make) {
            chunks.compareAndSet(k, null, new Chunk());
            c = chunks.get(k);
        }
        return c;
    }

    private static int index(long n) {
        return (int) (n & CHUNK - 1);
    }

    /**
     * The pushes of a run, added up.
     *
     * @param issued             pushes numbered
     * @param answered           answered 200
     * @param refused            answered otherwise, or taken for a duplicate id
     * @param unanswered         sent and never answered: the API's node died under them, or never answered
     * @param notSent            never sent: no node's API was up
     * @param received           distinct pushes their user's application got
     * @param receivedUnanswered of those, pushes not answered 200 (the node took them and died before answering)
     * @param lost               answered 200 and never handed to the application
     * @param twice              receipts past the client's dedupe of a push the application already had
     * @param misrouted          receipts by a user the push was not for
     * @param foreign            receipts of ids this run never sent
     * @param lostPushes         the first lost pushes, for the report
     */
    public record Tally(long issued, long answered, long refused, long unanswered, long notSent, long received,
                        long receivedUnanswered, long lost, long twice, long misrouted, long foreign,
                        List<Lost> lostPushes) {
    }

    /**
     * One lost push.
     *
     * @param push      its number in the run
     * @param user      the user it was for
     * @param node      the node whose API answered it 200
     * @param streamSeq the seq that node's answer gave it on the user's stream; -1 where it gave none
     */
    public record Lost(long push, int user, int node, long streamSeq) {
    }
}
