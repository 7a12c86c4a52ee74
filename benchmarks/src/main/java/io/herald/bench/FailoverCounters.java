package io.herald.bench;

import io.herald.bench.load.Connections;
import io.herald.bench.load.FailoverPusher;
import io.herald.bench.load.FailoverStats;
import io.herald.bench.measure.FailoverLedger;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.ProcessSampler;

/**
 * The {@link ProgressCounters} of a failover run: its first connections, its pushes, the pushes its users'
 * applications got (in flight: answered 200 and not yet received), and on the line the clients logged in, down
 * between a drop and their next login, and back. Thread-safe.
 */
final class FailoverCounters implements ProgressCounters {

    private final Connections connections;
    private final FailoverStats stats;
    private final FailoverPusher pusher;
    private final FailoverLedger ledger;
    private final ProcessSampler sampler;
    private volatile boolean pushing;

    FailoverCounters(Connections connections, FailoverStats stats, FailoverPusher pusher, FailoverLedger ledger,
                     ProcessSampler sampler) {
        this.connections = connections;
        this.stats = stats;
        this.pusher = pusher;
        this.ledger = ledger;
        this.sampler = sampler;
    }

    /** From now on the line shows the pushes. */
    void pushing(boolean pushing) {
        this.pushing = pushing;
    }

    @Override
    public boolean pushing() {
        return pushing;
    }

    @Override
    public String more() {
        if (!pushing) {
            return "";
        }
        return " | logged in " + stats.loggedIn() + " down " + stats.down() + " back " + stats.clientsReconnected()
                + " (recovered " + stats.recovered() + ", not " + stats.notRecovered() + ") | twice "
                + ledger.twiceSoFar();
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
        return pusher.issued();
    }

    @Override
    public long received() {
        return ledger.receivedSoFar();
    }

    /** What was received, and what was answered 200 and not yet received: the line's in flight is the latter. */
    @Override
    public long expected() {
        return ledger.receivedSoFar() + ledger.missingSoFar();
    }

    @Override
    public long duplicates() {
        return stats.duplicatesDropped();
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
