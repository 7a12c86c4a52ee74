package io.herald.bench;

import io.herald.bench.load.ApiPusher;
import io.herald.bench.load.Connections;
import io.herald.bench.load.NchanChannels;
import io.herald.bench.load.Pacer;
import io.herald.bench.load.PushRequest;
import io.herald.bench.load.PushSource;
import io.herald.bench.load.PushTarget;
import io.herald.bench.load.RunContext;
import io.herald.bench.measure.Costs;
import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.NodeCosts;
import io.herald.bench.measure.ProcessSampler;
import io.herald.bench.measure.PushFigures;
import io.netty.buffer.PooledByteBufAllocator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pushes through the API to the logged-in connections: for the warm-up, then for the duration or the count,
 * at the rate or as fast as the node answers; waits for the deliveries to arrive; and adds up what was sent,
 * what arrived, how late, and at what CPU cost on either side. Runs on the run's thread.
 */
final class PushPhase {

    /** The deliveries still missing once none has arrived for this long are counted as lost. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 5;
    private static final long UNBOUNDED_NANOS = Duration.ofDays(365).toNanos();

    private final BenchConfig config;
    private final RunContext run;
    private final Connections connections;
    private final Optional<NchanChannels> nchan;
    private final ApiPusher pusher;
    private final ProcessSampler sampler;
    private final Progress progress;
    private final LiveCounters counters;
    private final NodeCosts nodeCosts;

    /** @param nchan against nchan, the channels the connections subscribed to; empty against Herald */
    PushPhase(BenchConfig config, RunContext run, Connections connections, Optional<NchanChannels> nchan,
              ApiPusher pusher, ProcessSampler sampler, Progress progress, LiveCounters counters,
              NodeCosts nodeCosts) {
        this.config = config;
        this.run = run;
        this.connections = connections;
        this.nchan = nchan;
        this.pusher = pusher;
        this.sampler = sampler;
        this.progress = progress;
        this.counters = counters;
        this.nodeCosts = nodeCosts;
    }

    PushFigures run() throws InterruptedException {
        if (connections.open() == 0) {
            throw new BenchException("no connection is logged in: nothing to push to");
        }
        PushTarget target = target();
        pusher.connect(config.httpConcurrency());
        PushSource source = new PushSource(run, target, config.payloadSizeBytes(), PooledByteBufAllocator.DEFAULT);
        counters.pushing(source);
        if (!config.warmup().isZero()) {
            // Warm-up pushes are counted but not timed: nothing is, until the measured part begins.
            run.ledger().measureFrom(Long.MAX_VALUE);
            pusher.measureFrom(Long.MAX_VALUE);
            progress.phase("warm-up");
            push(source, 0, System.nanoTime() + config.warmup().toNanos());
        }
        return measure(source);
    }

    /** Whom the pushes go to, and how the peer is told. */
    private PushTarget target() {
        if (nchan.isPresent()) {
            return config.broadcasts()
                    ? PushTarget.nchanBroadcast(config.pushApi(), nchan.get(), connections::open)
                    : PushTarget.nchanUnicast(config.pushApi(), nchan.get(), connections.readyIndexes());
        }
        if (config.scenario() == Scenario.SLOW_READERS) {
            // Every other push a broadcast, which the connections that never read get too (and the run does not
            // count for them: they are not its connections); the others to one of the connections that read.
            return PushTarget.alternate(PushTarget.broadcast(null, connections::open),
                    PushTarget.unicast(connections.readyUids(), 1));
        }
        return config.broadcasts()
                ? PushTarget.broadcast(config.group().orElse(null), connections::open)
                : PushTarget.unicast(connections.readyUids(), config.batch());
    }

    /** The measured part: pushes for the duration or the count, then the drain, and the figures of both. */
    private PushFigures measure(PushSource source) throws InterruptedException {
        long measureFrom = run.clock().nowMicros();
        run.ledger().measureFrom(measureFrom);
        pusher.measureFrom(measureFrom);
        long sentBefore = source.issued();
        long receivedBefore = run.ledger().receivedSoFar();
        ProcessSampler.Sample start = sampler.sample();
        progress.phase(config.scenario().label());
        push(source, config.count(), System.nanoTime()
                + (config.counted() ? UNBOUNDED_NANOS : config.duration().toNanos()));
        long sendEnd = System.nanoTime();
        progress.phase("drain");
        drain();
        ProcessSampler.Sample end = sampler.sample();

        long pushes = source.issued() - sentBefore;
        long deliveries = run.ledger().receivedSoFar() - receivedBefore;
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        DeliveryLedger.Tally tally = run.ledger().tally();
        nodeCosts.pushed(start, end, deliveries, pushes);
        return new PushFigures(source.issued(), pusher.answered(), pusher.refused(),
                pusher.refusalsByStatus(), pusher.unanswered(), pusher.delivered(), tally.expected(), tally.received(),
                tally.losses(), tally.messagesShort(), tally.duplicates(), tally.unexpected(), tally.foreign(), seconds,
                pushes / Math.max((sendEnd - start.nanoTime()) / 1e9, 1e-9), deliveries / Math.max(seconds, 1e-9),
                run.ledger().latency().total(), pusher.answerTimes().total(),
                Costs.perOperation(start.serverCpuNanos(), end.serverCpuNanos(), deliveries),
                Costs.perOperation(start.serverCpuNanos(), end.serverCpuNanos(), pushes),
                Costs.perOperation(start.clientCpuNanos(), end.clientCpuNanos(), deliveries));
    }

    /** Pushes within the budget, paced where the run has a rate; returns once every push issued is answered. */
    private void push(PushSource source, long count, long deadlineNanos) throws InterruptedException {
        source.budget(count, deadlineNanos);
        int rate = config.rate();
        if (rate > 0) {
            Pacer pacer = new Pacer(rate);
            PushRequest push;
            while ((push = source.next(run.clock().micros(pacer.awaitNext()))) != null) {
                pusher.submit(push);
            }
        } else {
            pusher.drawFrom(source);
        }
        pusher.awaitSettled(source);
    }

    /** Waits until every expected delivery has arrived, or none has for {@link #DRAIN_TIMEOUT}. */
    private void drain() throws InterruptedException {
        DeliveryLedger ledger = run.ledger();
        long last = -1;
        long lastProgress = System.nanoTime();
        while (ledger.receivedSoFar() < ledger.expectedSoFar()
                && System.nanoTime() - lastProgress < DRAIN_TIMEOUT.toNanos()) {
            long received = ledger.receivedSoFar();
            if (received != last) {
                last = received;
                lastProgress = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }
}
