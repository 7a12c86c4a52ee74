package io.herald.cli;

import io.herald.bench.Bench;
import io.herald.bench.BenchConfig;
import io.herald.codec.InvalidConfigException;
import io.herald.bench.BenchException;
import io.herald.bench.BenchResult;
import io.herald.bench.Scenario;
import io.herald.bench.load.Login;
import io.herald.bench.load.Peer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code herald bench}: loads a node from the outside, over the wire protocol, and reports latency, losses and
 * cost. The work is done by the benchmarks module's {@link Bench}; this reads the flags.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load a node as clients and a backend would, and measure it: connect opens and logs in "
                + "--connections and holds them idle; broadcast pushes to all of them (or to --group); unicast "
                + "pushes to random users, one uid or --batch uids at a time; cluster spreads the connections "
                + "over several nodes (--ws a,b) and pushes through the first node's API, unicast or --push "
                + "broadcast, so that most deliveries are relayed; failover spreads clients over three nodes or "
                + "more, pushes through each node's API in turn at --rate, kills one node with SIGKILL "
                + "(--kill-node, after --kill-after) and starts it again as it was, while its clients log in "
                + "again elsewhere with since: nothing answered 200 may be lost; upstream puts the connections in "
                + "rooms of 10 that send commands at --rate, which the node (started with --upstream "
                + "http://127.0.0.1:9900/, or --upstream-url) forwards to an echo upstream inside the bench, "
                + "answering each with 200 and a push to the sender's room; slow-readers also opens --slow-readers "
                + "connections that never read while broadcasts and unicasts come at --rate, and reports the "
                + "node's heap and memory before, during and after, when it closed them, and what the --connections "
                + "that read lost. --peer nchan runs connect, "
                + "broadcast and unicast against nginx with the nchan module instead, measured the same way.",
                "Prints a progress line a second on stderr and a table on stdout (--json and --report write "
                        + "files too); exits 1 when a delivery was lost, duplicated or misrouted."},
        footer = {"", "Durations: 500ms, 10s, 5m. Sizes: 64B, 1KiB.",
                "Every flag can also be set through the environment as HERALD_<FLAG>, "
                        + "e.g. HERALD_API_KEY for --api-key; a flag on the command line wins."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", converter = ScenarioConverter.class,
            description = "connect, broadcast, unicast, cluster, failover, upstream or slow-readers.")
    Scenario scenario;

    @Option(names = "--peer", paramLabel = "PEER", converter = PeerConverter.class,
            description = "The server loaded: herald, or nchan (nginx with the nchan module): each connection "
                    + "subscribes over WebSocket to --ws with its channel appended (its own, or with broadcast the "
                    + "run's shared one), ready once upgraded (no login), and pushes are POSTs to --api with the "
                    + "channel appended, e.g. --ws ws://127.0.0.1:18090/sub/ --api http://127.0.0.1:18090/pub/. No "
                    + "--batch, --group, --secret or --api-key with nchan; --server-pid is nginx's master (its "
                    + "workers are found) or all its processes, added up as one server (default: ${DEFAULT-VALUE}).")
    Peer peer;

    @Option(names = "--login", paramLabel = "HOW", converter = LoginConverter.class,
            description = "How each connection logs in to Herald: command (a login frame once upgraded) or upgrade "
                    + "(uid and token in the upgrade request's query, the login reply the first frame after the "
                    + "101: one round trip less). Not with nchan or failover (default: ${DEFAULT-VALUE}).")
    Login login;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "Profile the nodes' CPU with async-profiler over the measured phases (connect; the pushes "
                    + "with their drain) and write a flame graph (PHASE-NODE.html) and folded stacks "
                    + "(PHASE-NODE.collapsed) for each node into DIR. The node CPU figures then include the "
                    + "profiler's cost. Not with nchan or failover.")
    Path profile;

    @Option(names = "--connections", paramLabel = "N",
            description = "WebSocket connections to open and log in, one user each (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "Connections a second for connect, pushes a second otherwise; 0 is as fast as the node "
                    + "takes them (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND",
            description = "Connections a second that unicast, broadcast, cluster and upstream open before they push, "
                    + "so that "
                    + "the nodes are not met by a storm of logins; 0 is as fast as they take them "
                    + "(default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--upstream-url", paramLabel = "URL",
            description = "For upstream: where its echo upstream listens, the URL the node's --upstream names "
                    + "(default: http://127.0.0.1:9900/).")
    URI upstreamUrl;

    @Option(names = "--slow-readers", paramLabel = "N",
            description = "For slow-readers: how many connections stop reading once logged in, besides the "
                    + "--connections that read (default: 2000).")
    Integer slowReaders;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long connect holds the connections idle, or how long the others push "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--count", paramLabel = "N",
            description = "Send this many pushes instead of pushing for --duration (default: none).")
    long count;

    @Option(names = "--payload-size", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Size of each push's data: its send time, padded (default: ${DEFAULT-VALUE}; at least 22B).")
    int payloadSize;

    @Option(names = "--http-concurrency", paramLabel = "N",
            description = "Keep-alive HTTP connections that push, one request in flight each "
                    + "(default: ${DEFAULT-VALUE}).")
    int httpConcurrency;

    @Option(names = "--batch", paramLabel = "N",
            description = "Users per unicast push: 1 sends uid, more send uids (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Broadcast to this group, which every connection joins (default: to everyone).")
    String group;

    @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Push this long before measuring; warm-up pushes are checked for losses but not timed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--push", paramLabel = "KIND", converter = PushConverter.class,
            description = "What cluster pushes: unicast (with --batch) or broadcast (with --group) "
                    + "(default: unicast).")
    Scenario push;

    @Option(names = "--kill-after", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "failover: when to kill a node, after the pushes began (default: a third of --duration).")
    Duration killAfter;

    @Option(names = "--kill-node", paramLabel = "N",
            description = "failover: which node to kill with SIGKILL and start again, counting from 1 in the order "
                    + "of --ws; 0 kills none (default: 2). Its process is --server-pid's, or the one listening on its "
                    + "API port; the bench must run on its machine, as its user.")
    Integer killNode;

    @Option(names = "--ws", paramLabel = "URL", split = ",",
            description = "The node's client address; several, comma-separated or repeated, spread the connections "
                    + "over several nodes in turn; wss:// for a node with --tls-cert, whose certificate the bench "
                    + "takes unchecked (default: ${DEFAULT-VALUE}).")
    List<URI> ws;

    @Option(names = "--api", paramLabel = "URL", split = ",",
            description = "The node's API address; pushes go through the first. Give one per --ws to sample "
                    + "every node's CPU and memory; https:// for a node with --api-tls-cert, unchecked as wss:// "
                    + "is (default: ${DEFAULT-VALUE}).")
    List<URI> api;

    @Option(names = "--api-key", paramLabel = "KEY", converter = CurrentApiKeyConverter.class,
            description = "The node's --api-key, if it has one; of several, comma-separated, the first.")
    String apiKey;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "The node's --secret, to log in with real HS256 tokens (default: any token, for a node "
                    + "in development mode).")
    String secret;

    @Option(names = "--source-addresses", paramLabel = "ADDRESSES",
            description = "Spread the connections over these local addresses, e.g. 127.0.0.1-127.0.0.8 "
                    + "(default: the system's choice).")
    String sourceAddresses;

    @Option(names = "--server-pid", paramLabel = "PID", split = ",",
            description = "The node's process, for its CPU and memory; one per node, in the order of --ws; with "
                    + "--peer nchan, the server's processes (default: the one listening on each API port of this "
                    + "machine, if it can be seen).")
    List<Long> serverPids;

    @Option(names = "--processes", paramLabel = "N",
            description = "Client processes that hold the connections: 1 is this one; more start worker "
                    + "processes that hold them while this one pushes; 0 chooses from the open-file limit "
                    + "(default: ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to this file.")
    Path json;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write an HTML report to this file: the figures, charts of latency by percentile and "
                    + "of the run second by second, the machine, the flags, and each sampled node's figures and "
                    + "settings. It opens without a network.")
    Path report;

    @Override
    public Integer call() throws InterruptedException {
        BenchResult result;
        try {
            result = Bench.run(config(), spec.commandLine().getErr());
        } catch (BenchException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().print(result.table());
        spec.commandLine().getOut().flush();
        // Both files are tried, whichever fails: `&`, not `&&`.
        boolean written = write(json, result::json) & write(report, result::html);
        return result.clean() && written ? 0 : 1;
    }

    /** Writes {@code text} to {@code file} where one was given; says why not and returns false where it fails. */
    private boolean write(Path file, Supplier<String> text) {
        if (file == null) {
            return true;
        }
        try {
            Files.writeString(file, text.get(), StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            spec.commandLine().getErr().println("bench: cannot write " + file + ": " + e);
            return false;
        }
    }

    private BenchConfig config() {
        try {
            return BenchConfig.builder()
                    .scenario(scenario).connections(connections).rate(rate).duration(duration).count(count)
                    .payloadSizeBytes(payloadSize).httpConcurrency(httpConcurrency).batch(batch).group(group)
                    .warmup(warmup).ws(ws).api(api).apiKey(apiKey).secret(secret)
                    .sourceAddresses(sourceAddresses).serverPids(serverPids).processes(processes)
                    .clusterPush(push).killAfter(killAfter).killNode(killNode).peer(peer).connectRate(connectRate).login(login).profile(profile)
                    .upstreamUrl(upstreamUrl)
                    .slowReaders(slowReaders)
                    .build();
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), InvalidFlags.describe(spec, e));
        }
    }

    /** Reads a scenario's label: {@code connect}, {@code broadcast}, … {@code upstream}. */
    static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                return Scenario.parse(value);
            } catch (InvalidConfigException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' (expected: " + e.expected() + ")");
            }
        }
    }

    /** Reads {@code herald} or {@code nchan}. */
    static final class PeerConverter implements CommandLine.ITypeConverter<Peer> {
        @Override
        public Peer convert(String value) {
            try {
                return Peer.parse(value);
            } catch (InvalidConfigException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' (expected: " + e.expected() + ")");
            }
        }
    }

    /** Reads {@code command} or {@code upgrade}. */
    static final class LoginConverter implements CommandLine.ITypeConverter<Login> {
        @Override
        public Login convert(String value) {
            try {
                return Login.parse(value);
            } catch (InvalidConfigException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' (expected: " + e.expected() + ")");
            }
        }
    }

    /** Reads what {@code cluster} pushes: {@code unicast} or {@code broadcast}. */
    static final class PushConverter implements CommandLine.ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                Scenario kind = Scenario.parse(value);
                if (kind == Scenario.UNICAST || kind == Scenario.BROADCAST) {
                    return kind;
                }
            } catch (InvalidConfigException e) {
                // Not a scenario at all: the same answer.
            }
            throw new CommandLine.TypeConversionException("'" + value + "' (expected: unicast or broadcast)");
        }
    }
}
