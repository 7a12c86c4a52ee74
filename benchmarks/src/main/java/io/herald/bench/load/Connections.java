package io.herald.bench.load;

import io.herald.bench.measure.LatencyLog;
import io.herald.bench.measure.Receipts;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's client connections: {@link #open} has its opener connect and log in N of them, one user each, and
 * returns once each is ready or has failed. Counts them, by failure reason too, times each from its connect to
 * its login's answer (or its group join's), and passes what they receive on to the ledger. The connections may be
 * this process's sockets or a worker process's: the bookkeeping is the same. {@link #open} runs on the run's
 * thread; the listener methods on the connections' loops or on the threads that read the workers' events.
 */
public final class Connections implements ConnectionListener {

    /** How long a connection may take from its connect to ready: TCP, handshake, login and join. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final RunContext run;
    private final ConnectionOpener opener;
    private final Receipts receipts;
    private final LongAdder ready = new LongAdder();
    private final ReasonCounts failures = new ReasonCounts();
    private final ReasonCounts closes = new ReasonCounts();
    private final ConcurrentLinkedQueue<Integer> readyIndexes = new ConcurrentLinkedQueue<>();
    private final LatencyLog connectTimes = new LatencyLog();
    private volatile CountDownLatch settled = new CountDownLatch(0);

    /** @param connections how many the run opens: their receipts are kept apart */
    public Connections(RunContext run, int connections, ConnectionOpener opener) {
        this.run = run;
        this.opener = opener;
        this.receipts = new Receipts(connections, run.ledger(), run.clock());
    }

    /** Opens connections {@code 0..n-1}, {@code perSecond} a second (0: no pacing); returns once all settled. */
    public void open(int n, int perSecond) throws InterruptedException {
        settled = new CountDownLatch(n);
        opener.open(0, n, perSecond, this);
        // Each connection settles by its own deadline; this one only guards against a lost report.
        if (!settled.await(READY_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
            throw new LoadException(settled.getCount() + " connections neither ready nor failed after "
                    + READY_TIMEOUT.toSeconds() * 2 + " s");
        }
    }

    @Override
    public void ready(int index, long micros) {
        ready.increment();
        connectTimes.record(micros);
        readyIndexes.add(index);
        settled.countDown();
    }

    @Override
    public void failed(int index, String reason) {
        failures.add(reason);
        settled.countDown();
    }

    @Override
    public void closed(int index, String reason) {
        closes.add(reason);
    }

    @Override
    public void received(int index, long seq, long sentMicros, long receivedNanos) {
        receipts.received(index, seq, sentMicros, receivedNanos);
    }

    public long ready() {
        return ready.sum();
    }

    public long failed() {
        return failures.total();
    }

    public long closed() {
        return closes.total();
    }

    /** Connections ready and not closed since. */
    public long open() {
        return ready.sum() - closes.total();
    }

    public LatencyLog connectTimes() {
        return connectTimes;
    }

    /** The users whose connections became ready, in no particular order. */
    public String[] readyUids() {
        return readyIndexes.stream().map(run.ids()::uid).toArray(String[]::new);
    }

    /** The connections that became ready, in no particular order. */
    public int[] readyIndexes() {
        return readyIndexes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many of the ready connections opened to each of {@code nodes} client addresses (index modulo nodes). */
    public long[] readyPerNode(int nodes) {
        long[] counts = new long[nodes];
        readyIndexes.forEach(i -> counts[i % nodes]++);
        return counts;
    }

    public Map<String, Long> failureReasons() {
        return failures.byReason();
    }

    public Map<String, Long> closeReasons() {
        return closes.byReason();
    }
}
