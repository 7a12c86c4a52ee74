package io.herald.bench;

import io.herald.bench.load.ApiPusher;
import io.herald.bench.load.CommandSender;
import io.herald.bench.load.EchoUpstream;
import io.herald.bench.load.ConnectionOpener;
import io.herald.bench.load.Connections;
import io.herald.bench.load.FailoverClients;
import io.herald.bench.load.FailoverPusher;
import io.herald.bench.load.LoadException;
import io.herald.bench.load.NchanChannels;
import io.herald.bench.load.NodeRestarter;
import io.herald.bench.load.Peer;
import io.herald.bench.load.RestartCommand;
import io.herald.bench.load.RunContext;
import io.herald.bench.load.RunIds;
import io.herald.bench.load.SocketOpener;
import io.herald.bench.load.Tokens;
import io.herald.bench.load.Transport;
import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.FailoverLedger;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.MicroClock;
import io.herald.bench.measure.NodeCosts;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.ProcText;
import io.herald.bench.measure.NodeProfiler;
import io.herald.bench.measure.ProcessSampler;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SampledNodes;
import io.herald.bench.measure.SlowReaderFigures;
import io.herald.bench.measure.UpstreamFigures;
import io.herald.bench.worker.ClientPlan;
import io.herald.bench.worker.WorkerPool;
import io.herald.bench.worker.WorkerSpec;
import io.herald.codec.Json;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        List<SampledNodes.Node> nodes = config.peer() == Peer.NCHAN
                ? SampledNodes.findServer(config.serverPids(), config.api().get(0), notes)
                : SampledNodes.find(config.serverPids(), config.api(), config.ws().size(), notes);
        long filesLimit = ProcText.openFilesLimit();
        if (inThisProcess(config.scenario())) {
            long room = ClientPlan.of(1, 1, filesLimit).perProcess();
            if (config.connections() > room) {
                throw new BenchException(config.scenario().label() + " holds its clients in this process, which "
                        + "may hold " + room + " connections here (open-file limit " + filesLimit
                        + "): give --connections " + room
                        + " or fewer");
            }
        }
        ClientPlan plan = ClientPlan.of(config.connections(), inThisProcess(config.scenario()) ? 1
                : config.processes(), filesLimit);
        notes.forEach(n -> progress.println("note: " + n));
        Bench bench = new Bench(config, run, progress, Transport.detect(), notes);
        try {
            return bench.run(plan, nodes);
        } finally {
            bench.loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** Whether the scenario holds its clients in this process, whatever the plan would choose. */
    private static boolean inThisProcess(Scenario scenario) {
        return scenario == Scenario.FAILOVER || scenario == Scenario.UPSTREAM || scenario == Scenario.SLOW_READERS;
    }

    private BenchResult run(ClientPlan plan, List<SampledNodes.Node> nodes) throws InterruptedException {
        Duration tokenTtl = config.duration().plus(config.warmup()).plus(TOKEN_SLACK);
        if (config.scenario() == Scenario.FAILOVER) {
            return failover(nodes, Tokens.of(config.secret(), Optional.empty(), tokenTtl));
        }
        if (config.scenario() == Scenario.UPSTREAM) {
            return upstream(nodes, Tokens.of(config.secret(), Optional.empty(), tokenTtl));
        }
        if (plan.local()) {
            return measure(new SocketOpener(loops, transport, config.ws(), config.sourceAddresses(), config.group(),
                    nchanChannels(), run.ids(), run.json(), Tokens.of(config.secret(), config.group(), tokenTtl),
                    config.login(), null),
                    nodes, List.of());
        }
        WorkerSpec spec = new WorkerSpec(run.ids().run(), 0, config.connections(), config.ws(),
                config.sourceAddresses(), config.group(), config.secret(), tokenTtl, config.peer(),
                config.broadcasts(), config.login());
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
        ProcessSampler sampler = ProcessSampler.of(nodes, workerPids);
        NodeCosts nodeCosts = new NodeCosts(nodes);
        Connections connections = new Connections(run, config.connections(), opener);
        LiveCounters counters = new LiveCounters(run.ledger(), connections, sampler);
        try (Progress reporter = new Progress(progress, config.connections(), counters, profiler(nodes))) {
            reporter.start();
            boolean holds = config.scenario() == Scenario.CONNECT;
            ConnectFigures connect = new ConnectPhase(config, connections, sampler, reporter, nodeCosts)
                    .run(holds ? config.rate() : config.connectRate(), holds ? config.duration() : Duration.ZERO);
            PushPhase pushes = holds ? null : new PushPhase(config, run, connections, nchanChannels(),
                    new ApiPusher(loops, transport, config.pushApi(), config.apiKey(), config.peer(), run), sampler,
                    reporter, counters, nodeCosts);
            PushFigures push = null;
            SlowReaderFigures slow = null;
            if (config.scenario() == Scenario.SLOW_READERS) {
                SlowReadersPhase.Result result = slowReaders(connections, sampler, reporter, pushes);
                push = result.push();
                slow = result.figures();
            } else if (pushes != null) {
                push = pushes.run();
            }
            return new BenchResult(config.scenario().label(), started, config.describe(), machine,
                    sampler.serverPid(), List.copyOf(notes),
                    connect.withCloses(connections.closed(), connections.closeReasons()), push, null, null, slow,
                    nodeCosts.figures(), reporter.finish(), NodeSettings.of(nodes, config.api().get(0).toString()));
        }
    }

    /** The slow-readers scenario: its connections that never read opened beside the others, around the pushes. */
    private SlowReadersPhase.Result slowReaders(Connections connections, ProcessSampler sampler, Progress reporter,
                                                PushPhase pushes) throws InterruptedException {
        SlowReadersPhase phase = new SlowReadersPhase(config, connections, sampler, reporter);
        if (!phase.heapReadable()) {
            note("the node's heap cannot be read (it is not sampled on this machine, or this JVM has no jcmd): "
                    + "the heap figures are -1");
        }
        note("the heap figures are the node's live heap, read with jcmd after a full collection (GC.run, then "
                + "GC.heap_info), before the pushes, halfway through them and after");
        Tokens tokens = Tokens.of(config.secret(), Optional.empty(),
                config.duration().plus(config.warmup()).plus(TOKEN_SLACK));
        try {
            return phase.run(tokens, run.ids(), pushes::run);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchException("the slow-readers scenario failed: " + e, e);
        }
    }

    /** The nodes' profiler where the run takes profiles ({@code --profile}); one that takes none otherwise. */
    private NodeProfiler profiler(List<SampledNodes.Node> nodes) {
        if (config.profile().isEmpty()) {
            return NodeProfiler.none();
        }
        try {
            NodeProfiler profiler = NodeProfiler.of(config.profile().get(), nodes, notes);
            note("the nodes are profiled (async-profiler, CPU every 1 ms) into " + config.profile().get()
                    + ": the node CPU figures include the profiler's own cost");
            return profiler;
        } catch (IOException e) {
            throw new BenchException("cannot write profiles to " + config.profile().get() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The failover scenario: its clients in this process, which reconnect on their own; pushes through every node;
     * one node killed and restarted. How each node was started is read first, while every node still runs.
     */
    private BenchResult failover(List<SampledNodes.Node> nodes, Tokens tokens) throws InterruptedException {
        List<NodeSettings> settings = NodeSettings.of(nodes, config.api().get(0).toString());
        ProcessSampler sampler = ProcessSampler.of(nodes, List.of());
        NodeKill.Target target = killTarget(nodes);
        NodeCosts nodeCosts = new NodeCosts(nodes);
        FailoverLedger ledger = new FailoverLedger();
        FailoverClients clients = new FailoverClients(loops, transport, config.ws(), config.sourceAddresses(), run,
                tokens, ledger, config.connections());
        Connections connections = new Connections(run, config.connections(), clients);
        try (FailoverPusher pusher = new FailoverPusher(loops, transport, config.api(), config.apiKey(), run, ledger,
                config.payloadSizeBytes())) {
            FailoverCounters counters = new FailoverCounters(connections, clients.stats(), pusher, ledger, sampler);
            try (Progress reporter = new Progress(progress, config.connections(), counters, NodeProfiler.none())) {
                reporter.start();
                ConnectFigures connect = new ConnectPhase(config, connections, sampler, reporter, nodeCosts)
                        .run(0, Duration.ZERO);
                FailoverFigures failover = new FailoverPhase(config, run, connections, clients, pusher, ledger,
                        counters, sampler, reporter, nodeCosts,
                        target == null ? null : new NodeKill(target, sampler, reporter, clients)).run();
                return new BenchResult(config.scenario().label(), started, config.describe(), machine,
                        sampler.serverPid(), List.copyOf(notes),
                        connect.withCloses(connections.closed(), connections.closeReasons()), null, failover, null,
                        null, nodeCosts.figures(), reporter.finish(), settings);
            }
        } finally {
            clients.stop();
        }
    }

    /**
     * The upstream scenario: its echo upstream in this process, its clients in rooms sending commands that the node
     * forwards to it, and the pushes its answers ask for.
     */
    private BenchResult upstream(List<SampledNodes.Node> nodes, Tokens tokens) throws InterruptedException {
        URI url = config.upstreamUrl().orElseThrow();
        CommandSender commands = new CommandSender(run, config.connections(), UpstreamSettings.ROOM_SIZE);
        try (EchoUpstream upstream = EchoUpstream.start(url, loops, transport, run.json())) {
            note("the echo upstream listens at " + url + " (its CPU counts as the client's): the node must run with "
                    + "--upstream " + url);
            ProcessSampler sampler = ProcessSampler.of(nodes, List.of());
            NodeCosts nodeCosts = new NodeCosts(nodes);
            Connections connections = new Connections(run, config.connections(), new SocketOpener(loops, transport,
                    config.ws(), config.sourceAddresses(), Optional.empty(), Optional.empty(), run.ids(), run.json(),
                    tokens, config.login(), commands));
            LiveCounters counters = new LiveCounters(run.ledger(), connections, sampler);
            try (Progress reporter = new Progress(progress, config.connections(), counters, profiler(nodes))) {
                reporter.start();
                ConnectFigures connect = new ConnectPhase(config, connections, sampler, reporter, nodeCosts)
                        .run(config.connectRate(), Duration.ZERO);
                counters.sending(commands::sent);
                UpstreamFigures figures = new UpstreamPhase(config, run, connections, commands, upstream, sampler,
                        reporter).run();
                return new BenchResult(config.scenario().label(), started, config.describe(), machine,
                        sampler.serverPid(), List.copyOf(notes),
                        connect.withCloses(connections.closed(), connections.closeReasons()), null, null, figures,
                        null, nodeCosts.figures(), reporter.finish(),
                        NodeSettings.of(nodes, config.api().get(0).toString()));
            }
        }
    }

    /** The node failover kills, with how it was started, read now; null where it kills none. */
    private NodeKill.Target killTarget(List<SampledNodes.Node> nodes) {
        if (config.killNode() == 0) {
            return null;
        }
        int position = config.killNode() - 1;
        URI api = config.api().get(position);
        for (int i = 0; i < nodes.size(); i++) {
            SampledNodes.Node node = nodes.get(i);
            if (node.position() == position) {
                RestartCommand command = RestartCommand.read(node.pid());
                return new NodeKill.Target(position, node.name(), node.pid(), i, api, command,
                        new NodeRestarter(node.pid(), command, List.of(NodeRestarter.healthOf(api),
                                NodeRestarter.healthOf(config.ws().get(position)))));
            }
        }
        throw new BenchException("cannot kill node " + config.killNode() + " (" + api + "): no process of it was "
                + "found on this machine (see the notes); give --server-pid, one per node");
    }

    /** The channels the connections subscribe to, against nchan; empty against Herald. */
    private Optional<NchanChannels> nchanChannels() {
        return config.peer() == Peer.NCHAN ? Optional.of(new NchanChannels(run.ids(), config.broadcasts()))
                : Optional.empty();
    }

    private void note(String text) {
        notes.add(text);
        progress.println("note: " + text);
    }
}
