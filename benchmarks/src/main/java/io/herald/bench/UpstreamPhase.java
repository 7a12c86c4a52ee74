package io.herald.bench;

import io.herald.bench.load.CommandSender;
import io.herald.bench.load.Connections;
import io.herald.bench.load.EchoUpstream;
import io.herald.bench.load.Pacer;
import io.herald.bench.load.RunContext;
import io.herald.bench.measure.Costs;
import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.ProcessSampler;
import io.herald.bench.measure.UpstreamFigures;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code upstream} scenario once its connections are in their rooms: sends commands at the rate, spread over the
 * connections in turn, for the warm-up and then the duration; each answered command pushes to its sender's room,
 * whose ready members the ledger expects it to reach. Then waits for the replies and the pushes, and adds up what was
 * sent, answered, delivered, how late, and at what CPU cost. Runs on the run's thread.
 */
final class UpstreamPhase {

    private static final long POLL_MILLIS = 5;

    private final BenchConfig config;
    private final RunContext run;
    private final Connections connections;
    private final CommandSender commands;
    private final EchoUpstream upstream;
    private final ProcessSampler sampler;
    private final Progress progress;
    private long nextSeq;
    private int turn;

    UpstreamPhase(BenchConfig config, RunContext run, Connections connections, CommandSender commands,
                  EchoUpstream upstream, ProcessSampler sampler, Progress progress) {
        this.config = config;
        this.run = run;
        this.connections = connections;
        this.commands = commands;
        this.upstream = upstream;
        this.sampler = sampler;
        this.progress = progress;
    }

    UpstreamFigures run() throws InterruptedException {
        int[] ready = connections.readyIndexes();
        if (ready.length == 0) {
            throw new BenchException("no connection is logged in: nothing sends commands");
        }
        int[] members = new int[config.connections() / UpstreamSettings.ROOM_SIZE + 1];
        for (int index : ready) {
            members[commands.roomOf(index)]++;
        }
        if (!config.warmup().isZero()) {
            run.ledger().measureFrom(Long.MAX_VALUE);
            progress.phase("warm-up");
            send(ready, members, config.warmup());
        }
        long measureFrom = run.clock().nowMicros();
        run.ledger().measureFrom(measureFrom);
        commands.measureFrom(measureFrom);
        long sentBefore = commands.sent();
        long receivedBefore = run.ledger().receivedSoFar();
        ProcessSampler.Sample start = sampler.sample();
        progress.phase(config.scenario().label());
        send(ready, members, config.duration());
        long sendEnd = System.nanoTime();
        progress.phase("drain");
        drain();
        ProcessSampler.Sample end = sampler.sample();

        long sent = commands.sent() - sentBefore;
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        DeliveryLedger.Tally tally = run.ledger().tally();
        long answered = commands.answered();
        return new UpstreamFigures(config.upstreamUrl().orElseThrow().toString(), UpstreamSettings.ROOM_SIZE,
                commands.sent(), answered, commands.refused(), commands.refusalsByCode(),
                commands.sent() - answered - commands.refused(), upstream.answered(), tally.expected(),
                tally.received(), tally.losses(), tally.duplicates(), tally.unexpected(), seconds,
                sent / Math.max((sendEnd - start.nanoTime()) / 1e9, 1e-9), commands.roundTrips().total(),
                run.ledger().latency().total(),
                Costs.perOperation(start.serverCpuNanos(), end.serverCpuNanos(), sent),
                Costs.perOperation(start.clientCpuNanos(), end.clientCpuNanos(), sent));
    }

    /** Sends commands at the rate for {@code duration}, from the ready connections in turn. */
    private void send(int[] ready, int[] members, Duration duration) {
        Pacer pacer = new Pacer(config.rate());
        long deadline = System.nanoTime() + duration.toNanos();
        while (true) {
            long at = pacer.awaitNext();
            if (at - deadline >= 0) {
                return;
            }
            int index = ready[turn++ % ready.length];
            long seq = nextSeq++;
            run.ledger().expect(seq, members[commands.roomOf(index)]);
            if (!commands.send(index, seq, run.clock().micros(at))) {
                run.ledger().cancel(seq);
            }
        }
    }

    /**
     * Waits until every command is replied to and every expected delivery has arrived, or nothing has moved for
     * {@link PushPhase#DRAIN_TIMEOUT}.
     */
    private void drain() throws InterruptedException {
        DeliveryLedger ledger = run.ledger();
        long last = -1;
        long lastProgress = System.nanoTime();
        while ((ledger.receivedSoFar() < ledger.expectedSoFar()
                || commands.answered() + commands.refused() < commands.sent())
                && System.nanoTime() - lastProgress < PushPhase.DRAIN_TIMEOUT.toNanos()) {
            long moved = ledger.receivedSoFar() + commands.answered() + commands.refused();
            if (moved != last) {
                last = moved;
                lastProgress = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }
}
