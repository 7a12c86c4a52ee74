package io.herald.bench;

import io.herald.bench.load.ApiPusher;
import io.herald.bench.load.ConnectionOpener;
import io.herald.bench.load.Connections;
import io.herald.bench.load.LoadException;
import io.herald.bench.load.RunContext;
import io.herald.bench.load.RunIds;
import io.herald.bench.load.SocketOpener;
import io.herald.bench.load.Tokens;
import io.herald.bench.load.Transport;
import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.MicroClock;
import io.herald.bench.measure.NodeCosts;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.ProcText;
import io.herald.bench.measure.ProcessSampler;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SampledNodes;
import io.herald.bench.worker.ClientPlan;
import io.herald.bench.worker.WorkerPool;
import io.herald.bench.worker.WorkerSpec;
import io.herald.codec.Json;
import io.netty.channel.EventLoopGroup;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald bench}: one run of a scenario against a node, from the outside, over the wire protocol only.
 * Opens and logs in the connections, runs the scenario, and returns what it measured; prints a progress line a
 * second meanwhile. The composition root of a run: it owns the client's event loops and builds every part.
 * Call {@link #run} from a thread of your own (it blocks until the run is over), never from an event loop.
 *
 * <p>Where one process cannot hold every connection (or {@code --processes} says so), worker processes hold them
 * ({@link WorkerPool}) and this one pushes and keeps the books; a worker that dies interrupts the run's thread,
 * and the run ends with a {@link BenchException} that says which.
 *
 * <p>The packages below this one, each a layer that imports only those under it: {@code worker} (the worker
 * processes) over {@code load} (connections, logins and pushes) over {@code measure} (the ledger, latencies,
 * /proc samples, the figures); {@code report} (table, JSON, HTML) over {@code measure}. This one assembles them.
 */
public final class Bench {

    /** Tokens outlive the longest run with room to spare. */
    private static final Duration TOKEN_SLACK = Duration.ofHours(1);

    private final BenchConfig config;
    private final RunContext run;
    private final PrintWriter progress;
    private final Transport transport;
    private final EventLoopGroup loops;
    private final MachineFacts machine;
    private final List<String> notes;
    private final Instant started = Instant.now();

    private Bench(BenchConfig config, RunContext run, PrintWriter progress, Transport transport,
                  List<String> notes) {
        this.config = config;
        this.run = run;
        this.progress = progress;
        this.transport = transport;
        this.notes = notes;
        this.machine = MachineFacts.read(transport.name());
        this.loops = transport.newLoops();
    }

    /**
     * Runs {@code config}, printing progress to {@code progress}.
     *
     * @throws BenchException where the run cannot go on (no connection logged in, the API unreachable or stuck,
     *                        a worker process gone)
     */
    public static BenchResult run(BenchConfig config, PrintWriter progress) throws InterruptedException {
        try {
            return start(config, progress);
        } catch (LoadException e) {
            // The layers below say why the load cannot go on; to the user that is why the run cannot.
            throw new BenchException(e.getMessage(), e);
        }
    }

    private static BenchResult start(BenchConfig config, PrintWriter progress) throws InterruptedException {
        RunContext run = new RunContext(RunIds.random(), new Json(), new MicroClock(), new DeliveryLedger());
        List<String> notes = new ArrayList<>();
        List<SampledNodes.Node> nodes = SampledNodes.find(config.serverPids(), config.api(), config.ws().size(),
                notes);
        ClientPlan plan = ClientPlan.of(config.connections(), config.processes(), ProcText.openFilesLimit());
        notes.forEach(n -> progress.println("note: " + n));
        Bench bench = new Bench(config, run, progress, Transport.detect(), notes);
        try {
            return bench.run(plan, nodes);
        } finally {
            bench.loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private BenchResult run(ClientPlan plan, List<SampledNodes.Node> nodes) throws InterruptedException {
        Duration tokenTtl = config.duration().plus(config.warmup()).plus(TOKEN_SLACK);
        if (plan.local()) {
            return measure(new SocketOpener(loops, transport, config.ws(), config.sourceAddresses(), config.group(),
                    run.ids(), run.json(), Tokens.of(config.secret(), config.group(), tokenTtl)), nodes, List.of());
        }
        WorkerSpec spec = new WorkerSpec(run.ids().run(), 0, config.connections(), config.ws(),
                config.sourceAddresses(), config.group(), config.secret(), tokenTtl);
        try (WorkerPool workers = WorkerPool.start(plan, spec, progress)) {
            note("the connections are held by " + plan.workers() + " worker processes (pids " + workers.pids()
                    + (plan.perProcess() == Long.MAX_VALUE ? "" : ", at most " + plan.perProcess() + " each")
                    + "); the client's CPU figures include theirs");
            try {
                BenchResult result = measure(workers, nodes, workers.pids());
                workers.checkFailure();
                return result;
            } catch (InterruptedException | RuntimeException e) {
                workers.checkFailure(); // a worker's death is why the run stopped, whatever it broke
                throw e;
            }
        }
    }

    private BenchResult measure(ConnectionOpener opener, List<SampledNodes.Node> nodes, List<Long> workerPids)
            throws InterruptedException {
        ProcessSampler sampler = new ProcessSampler(nodes.stream().map(SampledNodes.Node::pid).toList(), workerPids);
        NodeCosts nodeCosts = new NodeCosts(nodes);
        Connections connections = new Connections(run, config.connections(), opener);
        LiveCounters counters = new LiveCounters(run.ledger(), connections, sampler);
        try (Progress reporter = new Progress(progress, config.connections(), counters)) {
            reporter.start();
            boolean holds = config.scenario() == Scenario.CONNECT;
            ConnectFigures connect = new ConnectPhase(config, connections, sampler, reporter, nodeCosts)
                    .run(holds ? config.rate() : 0, holds ? config.duration() : Duration.ZERO);
            PushFigures push = holds ? null : new PushPhase(config, run, connections,
                    new ApiPusher(loops, transport, config.pushApi(), config.apiKey(), run), sampler, reporter,
                    nodeCosts).run();
            return new BenchResult(config.scenario().label(), started, config.describe(), machine,
                    sampler.serverPid(), List.copyOf(notes),
                    connect.withCloses(connections.closed(), connections.closeReasons()), push, nodeCosts.figures(),
                    reporter.finish(), NodeSettings.of(nodes, config.api().get(0).toString()));
        }
    }

    private void note(String text) {
        notes.add(text);
        progress.println("note: " + text);
    }
}
