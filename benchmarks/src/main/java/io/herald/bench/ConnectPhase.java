package io.herald.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens and logs in the run's connections, optionally holds them idle, and says what that cost: connect times,
 * CPU per connect on either side, and the node's memory per connection. Runs on the run's thread.
 */
final class ConnectPhase {

    private final RunContext run;
    private final Connections connections;
    private final ProcessSampler sampler;
    private final Progress progress;
    private final NodeCosts nodeCosts;

    ConnectPhase(RunContext run, Connections connections, ProcessSampler sampler, Progress progress,
                 NodeCosts nodeCosts) {
        this.run = run;
        this.connections = connections;
        this.sampler = sampler;
        this.progress = progress;
        this.nodeCosts = nodeCosts;
    }

    /**
     * Opens the connections, {@code perSecond} a second (0: as fast as the node takes them), then holds them for
     * {@code hold} (zero: not at all) before memory is sampled.
     */
    BenchResult.ConnectFigures run(int perSecond, Duration hold) throws InterruptedException {
        int target = run.config().connections();
        progress.phase("connect");
        ProcessSampler.Sample before = sampler.sample();
        connections.open(target, perSecond);
        ProcessSampler.Sample opened = sampler.sample();
        ProcessSampler.Sample memory = opened;
        if (!hold.isZero()) {
            progress.phase("hold");
            TimeUnit.NANOSECONDS.sleep(hold.toNanos());
            memory = sampler.sample();
        }
        long ready = connections.ready();
        nodeCosts.connected(before, opened, memory, connections.readyPerNode(run.config().ws().size()));
        double seconds = (opened.nanoTime() - before.nanoTime()) / 1e9;
        return new BenchResult.ConnectFigures(target, ready, connections.failed(), connections.failureReasons(),
                connections.closed(), connections.closeReasons(), seconds, ready / Math.max(seconds, 1e-9),
                connections.connectTimes().total(),
                perOperation(before.serverCpuNanos(), opened.serverCpuNanos(), ready),
                perOperation(before.clientCpuNanos(), opened.clientCpuNanos(), ready),
                kibPerConnection(before.serverRssBytes(), memory.serverRssBytes(), ready));
    }

    /** Microseconds of CPU per operation between two CPU readings (nanoseconds); null where one is missing. */
    static Double perOperation(long beforeNanos, long afterNanos, long operations) {
        if (beforeNanos < 0 || afterNanos < 0 || operations <= 0) {
            return null;
        }
        return (afterNanos - beforeNanos) / 1000.0 / operations;
    }

    /** KiB of memory growth per connection between two readings (bytes); null where one is missing. */
    static Double kibPerConnection(long beforeBytes, long afterBytes, long connections) {
        if (beforeBytes < 0 || afterBytes < 0 || connections <= 0) {
            return null;
        }
        return (afterBytes - beforeBytes) / 1024.0 / connections;
    }
}
