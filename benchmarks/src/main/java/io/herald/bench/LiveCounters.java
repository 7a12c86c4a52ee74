package io.herald.bench;

import io.herald.bench.load.Connections;
import io.herald.bench.load.PushSource;
import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.ProcessSampler;

import java.util.function.LongSupplier;

/**
 * The {@link ProgressCounters} of a live run: its connections, its ledger, the pushes of {@link #pushing} once they
 * begin, and its process sampler. Thread-safe.
 */
final class LiveCounters implements ProgressCounters {

    private final DeliveryLedger ledger;
    private final Connections connections;
    private final ProcessSampler sampler;
    private volatile LongSupplier sent;

    LiveCounters(DeliveryLedger ledger, Connections connections, ProcessSampler sampler) {
        this.ledger = ledger;
        this.connections = connections;
        this.sampler = sampler;
    }

    /** From now on the pushes are those {@code source} issues. */
    void pushing(PushSource source) {
        this.sent = source::issued;
    }

    /** From now on what is sent are the commands that {@code sent} counts (the upstream scenario). */
    void sending(LongSupplier sent) {
        this.sent = sent;
    }

    @Override
    public boolean pushing() {
        return sent != null;
    }

    @Override
    public long ready() {
        return connections.ready();
    }

    @Override
    public long failed() {
        return connections.failed();
    }

    @Override
    public long closed() {
        return connections.closed();
    }

    @Override
    public LatencySummary connectInterval() {
        return connections.connectTimes().interval();
    }

    @Override
    public long sent() {
        LongSupplier counted = sent;
        return counted == null ? 0 : counted.getAsLong();
    }

    @Override
    public long received() {
        return ledger.receivedSoFar();
    }

    @Override
    public long expected() {
        return ledger.expectedSoFar();
    }

    @Override
    public long duplicates() {
        return ledger.duplicatesSoFar();
    }

    @Override
    public LatencySummary latencyInterval() {
        return ledger.latency().interval();
    }

    @Override
    public ProcessSampler.Sample sample() {
        return sampler.sample();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
