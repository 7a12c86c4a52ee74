package io.herald.bench;

import io.herald.bench.load.Connections;
import io.herald.bench.load.FailoverClients;
import io.herald.bench.load.FailoverPusher;
import io.herald.bench.load.FailoverStats;
import io.herald.bench.load.Pacer;
import io.herald.bench.load.RunContext;
import io.herald.bench.measure.Costs;
import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.FailoverLedger;
import io.herald.bench.measure.NodeCosts;
import io.herald.bench.measure.ProcessSampler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code failover} scenario once its clients are logged in: pushes to random users through every node's API in
 * turn, at the rate, for the duration; meanwhile, {@code killAfter} into it, a {@link NodeKill} kills one node and
 * starts it again. Then a grace period, until every push answered 200 has reached its user and every client that
 * dropped is logged in again (or a bound), and the figures: what was lost, what reached an application twice, how
 * the clients recovered. Runs on the run's thread; the kill on a thread of its own.
 */
final class FailoverPhase {

    /** How long after the pushes the run waits for the deliveries and logins still under way. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** How long after the pushes the run waits for the API's last answers. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
    /** How many lost pushes the result describes, each with its client's account. */
    static final int LISTED = 10;

    private static final long POLL_MILLIS = 10;

    private final BenchConfig config;
    private final RunContext run;
    private final Connections connections;
    private final FailoverClients clients;
    private final FailoverPusher pusher;
    private final FailoverLedger ledger;
    private final FailoverCounters counters;
    private final ProcessSampler sampler;
    private final Progress progress;
    private final NodeCosts nodeCosts;
    private final NodeKill kill;

    /** @param kill the node to kill and restart; null for none */
    FailoverPhase(BenchConfig config, RunContext run, Connections connections, FailoverClients clients,
                  FailoverPusher pusher, FailoverLedger ledger, FailoverCounters counters, ProcessSampler sampler,
                  Progress progress, NodeCosts nodeCosts, NodeKill kill) {
        this.config = config;
        this.run = run;
        this.connections = connections;
        this.clients = clients;
        this.pusher = pusher;
        this.ledger = ledger;
        this.counters = counters;
        this.sampler = sampler;
        this.progress = progress;
        this.nodeCosts = nodeCosts;
        this.kill = kill;
    }

    FailoverFigures run() throws InterruptedException {
        try {
            return pushAndKill();
        } finally {
            if (kill != null) {
                kill.cancel();
            }
        }
    }

    private FailoverFigures pushAndKill() throws InterruptedException {
        int[] users = connections.readyIndexes();
        if (users.length == 0) {
            throw new BenchException("no client is logged in: nothing to push to");
        }
        pusher.connect(Math.max(1, config.httpConcurrency() / config.api().size()));
        ProcessSampler.Sample start = sampler.sample();
        progress.phase(config.scenario().label());
        counters.pushing(true);
        long startNanos = System.nanoTime();
        CompletableFuture<FailoverFigures.Kill> killed = kill == null ? CompletableFuture.completedFuture(null)
                : kill.at(startNanos + config.killAfter().toNanos());
        push(users, startNanos + config.duration().toNanos());
        long pushEnd = System.nanoTime();
        progress.phase("grace");
        grace();
        FailoverFigures.Kill killFigures = await(killed);
        ProcessSampler.Sample end = sampler.sample();
        clients.stop();
        return figures(start, end, (pushEnd - startNanos) / 1e9, killFigures);
    }

    /** Pushes at the rate until {@code endNanos}, each to a random user. */
    private void push(int[] users, long endNanos) {
        Pacer pacer = new Pacer(config.rate());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long due;
        while ((due = pacer.awaitNext()) - endNanos < 0) {
            pusher.push(users[random.nextInt(users.length)], run.clock().micros(due));
        }
    }

    /** Waits for the last answers, then for the deliveries and logins under way, each within its bound. */
    private void grace() throws InterruptedException {
        pusher.awaitSettled(ANSWER_BOUND);
        FailoverStats stats = clients.stats();
        long deadline = System.nanoTime() + GRACE.toNanos();
        while ((ledger.missingSoFar() > 0 || stats.down() > 0) && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private FailoverFigures.Kill await(CompletableFuture<FailoverFigures.Kill> killed) throws InterruptedException {
        try {
            return killed.get(NodeKill.BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new BenchException("the kill of node " + config.killNode() + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new BenchException("the kill and restart of node " + config.killNode() + " took more than "
                    + NodeKill.BOUND.toSeconds() + " s");
        }
    }

    private FailoverFigures figures(ProcessSampler.Sample start, ProcessSampler.Sample end, double pushSeconds,
                                    FailoverFigures.Kill killFigures) {
        FailoverLedger.Tally t = ledger.tally(LISTED);
        FailoverStats s = clients.stats();
        nodeCosts.pushed(start, end, t.received(), t.issued());
        return new FailoverFigures(killFigures,
                new FailoverFigures.Pushes(t.issued(), t.answered(), t.refused(), pusher.refusals(), t.unanswered(),
                        t.notSent()),
                new FailoverFigures.Deliveries(t.received(), t.receivedUnanswered(), t.lost(), s.duplicatesDropped(),
                        t.twice(), t.misrouted(), t.foreign(), s.gaps(), s.behind()),
                new FailoverFigures.Reconnects(s.drops(), s.clientsReconnected(), s.recovered() + s.notRecovered(),
                        s.recovered(), s.notRecovered(), s.lostStreams(), s.refusedAttempts(), s.down(),
                        s.recoveryTimes().total()),
                ledger.latency().total(), pusher.answerTimes().total(), (end.nanoTime() - start.nanoTime()) / 1e9,
                t.issued() / Math.max(pushSeconds, 1e-9),
                costs(start, end, t.issued()), describe(t.lostPushes()));
    }

    private static FailoverFigures.PushCosts costs(ProcessSampler.Sample start, ProcessSampler.Sample end,
                                                   long pushes) {
        long wallNanos = end.nanoTime() - start.nanoTime();
        return new FailoverFigures.PushCosts(
                Costs.perOperation(start.serverCpuNanos(), end.serverCpuNanos(), pushes),
                Costs.perOperation(start.clientCpuNanos(), end.clientCpuNanos(), pushes),
                percent(start.serverCpuNanos(), end.serverCpuNanos(), wallNanos),
                percent(start.clientCpuNanos(), end.clientCpuNanos(), wallNanos),
                end.serverRssBytes() < 0 ? null : end.serverRssBytes() / 1024,
                end.clientRssBytes() < 0 ? null : end.clientRssBytes() / 1024);
    }

    /** CPU time over wall time in percent of one core; null where a reading is missing. */
    private static Double percent(long cpuBefore, long cpuAfter, long wallNanos) {
        return cpuBefore < 0 || cpuAfter < 0 || wallNanos <= 0 ? null : (cpuAfter - cpuBefore) * 100.0 / wallNanos;
    }

    /** Each lost push: its id, whom it was for, which node answered it and with what seq, and the client's story. */
    private List<String> describe(List<FailoverLedger.Lost> lost) {
        List<String> lines = new ArrayList<>();
        for (FailoverLedger.Lost l : lost) {
            List<String> account = clients.account(l.user());
            lines.add("push " + run.ids().messageId(l.push()) + " for " + clients.uid(l.user()) + ", answered 200 by "
                    + "node " + (l.node() + 1) + (l.streamSeq() < 0 ? " without a seq" : " with seq " + l.streamSeq())
                    + "; its client, first on node " + (l.user() % config.ws().size() + 1) + ": "
                    + (account.isEmpty() ? "never dropped" : String.join(" / ", account)));
        }
        return lines;
    }
}
