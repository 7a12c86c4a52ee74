package io.herald.bench;

import io.herald.bench.load.Connections;
import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.Costs;
import io.herald.bench.measure.NodeCosts;
import io.herald.bench.measure.ProcessSampler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens and logs in the run's connections, optionally holds them idle, and says what that cost: connect times,
 * CPU per connect on either side, and the node's memory per connection. Runs on the run's thread.
 */
final class ConnectPhase {

    private final BenchConfig config;
    private final Connections connections;
    private final ProcessSampler sampler;
    private final Progress progress;
    private final NodeCosts nodeCosts;

    ConnectPhase(BenchConfig config, Connections connections, ProcessSampler sampler, Progress progress,
                 NodeCosts nodeCosts) {
        this.config = config;
        this.connections = connections;
        this.sampler = sampler;
        this.progress = progress;
        this.nodeCosts = nodeCosts;
    }

    /**
     * Opens the connections, {@code perSecond} a second (0: as fast as the node takes them), then holds them for
     * {@code hold} (zero: not at all) before memory is sampled.
     */
    ConnectFigures run(int perSecond, Duration hold) throws InterruptedException {
        int target = config.connections();
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
        nodeCosts.connected(before, opened, memory, connections.readyPerNode(config.ws().size()));
        double seconds = (opened.nanoTime() - before.nanoTime()) / 1e9;
        return new ConnectFigures(target, ready, connections.failed(), connections.failureReasons(),
                connections.closed(), connections.closeReasons(), seconds, ready / Math.max(seconds, 1e-9),
                connections.connectTimes().total(),
                Costs.perOperation(before.serverCpuNanos(), opened.serverCpuNanos(), ready),
                Costs.perOperation(before.clientCpuNanos(), opened.clientCpuNanos(), ready),
                Costs.kibPerConnection(before.serverRssBytes(), memory.serverRssBytes(), ready));
    }
}
