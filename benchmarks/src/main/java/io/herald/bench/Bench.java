package io.herald.bench;

import io.herald.codec.Json;
import io.netty.channel.EventLoopGroup;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 */
public final class Bench {

    /** Tokens outlive the longest run with room to spare. */
    private static final Duration TOKEN_SLACK = Duration.ofHours(1);

    private Bench() {
    }

    /**
     * Runs {@code config}, printing progress to {@code progress}.
     *
     * @throws BenchException where the run cannot go on (no connection logged in, the API unreachable or stuck)
     */
    public static BenchResult run(BenchConfig config, PrintWriter progress) throws InterruptedException {
        Transport transport = Transport.detect();
        RunContext run = new RunContext(config, RunIds.random(), new Json(), new MicroClock(), new DeliveryLedger());
        List<String> notes = new ArrayList<>();
        ProcessSampler sampler = new ProcessSampler(serverPid(config, notes));
        notes.forEach(n -> progress.println("note: " + n));
        Instant started = Instant.now();
        MachineFacts machine = MachineFacts.read(transport);
        Tokens tokens = Tokens.of(config.secret(), config.group(),
                config.duration().plus(config.warmup()).plus(TOKEN_SLACK));
        EventLoopGroup loops = transport.newGroup(machine.cores());
        try {
            Connections connections = new Connections(loops, transport, run, tokens);
            try (Progress reporter = new Progress(progress, run, connections, sampler)) {
                reporter.start();
                boolean holds = config.scenario() == Scenario.CONNECT;
                BenchResult.ConnectFigures connect = new ConnectPhase(run, connections, sampler, reporter)
                        .run(holds ? config.rate() : 0, holds ? config.duration() : Duration.ZERO);
                BenchResult.PushFigures push = holds ? null
                        : new PushPhase(run, connections, new ApiPusher(loops, transport, run), sampler, reporter).run();
                return new BenchResult(config.scenario().label(), started, config.describe(), machine,
                        sampler.serverPid(), List.copyOf(notes),
                        connect.withCloses(connections.closed(), connections.closeReasons()), push,
                        reporter.finish(), NodeSettings.read(sampler.serverPid()));
            }
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** The node's process: as given, or the one listening on the API port of this machine; 0 for none. */
    private static long serverPid(BenchConfig config, List<String> notes) {
        if (config.serverPid() > 0) {
            return config.serverPid();
        }
        if (!isLocal(config.api().getHost())) {
            notes.add("the node is not on this machine: no node CPU or memory figures");
            return 0;
        }
        int port = config.api().getPort() == -1 ? 80 : config.api().getPort();
        long pid = ProcessSampler.findListener(port);
        if (pid == 0) {
            notes.add("no process seen listening on port " + port + ": no node CPU or memory figures "
                    + "(give --server-pid)");
        } else if (pid == ProcessHandle.current().pid()) {
            notes.add("the node runs in this process: no separate node CPU or memory figures");
            return 0;
        }
        return pid;
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
