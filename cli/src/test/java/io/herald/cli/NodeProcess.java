package io.herald.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Herald node in a JVM of its own, started from the fat jar as an operator would:
 * {@code java -jar cli/target/herald.jar serve --port P --api-port Q ARGS}. Its output (stdout and stderr)
 * goes to a file in {@code target/node-logs}, which {@link #output()} reads and which a failed test prints.
 * {@link #start} returns once the node's {@code /healthz} answers 200 on both ports, which in cluster mode means
 * it has registered in Redis.
 *
 * <p>The ports are chosen free just before the start; another process may take one in between, and the node
 * then exits, so {@link #start} tries again with other ports. A JVM shutdown hook kills nodes a test did not
 * close, so that no {@code java} process outlives the test JVM. Called from test threads; thread-safe.
 */
final class NodeProcess implements AutoCloseable {

    /** The fat jar, built in the cli module's package phase; failsafe runs in the module's folder. */
    static final Path JAR = Path.of(System.getProperty("herald.jar", "target/herald.jar")).toAbsolutePath();

    /** Where the nodes' output files go; they stay there after the run, for a look at what happened. */
    private static final Path LOGS = JAR.resolveSibling("node-logs");
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int START_ATTEMPTS = 3;
    // Small and quick to start: up to seven of these share the test machine with Maven and Redis.
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "herald-nodes-clean-up"));
    }

    private final String name;
    private final int port;
    private final int apiPort;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, int port, int apiPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.apiPort = apiPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code herald serve --port P --api-port Q ARGS} on free ports with these extra environment
     * variables (the test JVM's own {@code HERALD_*} variables are dropped), and returns once it is healthy.
     *
     * @param name what the node is called in messages and in its log file's name
     */
    static NodeProcess start(String name, List<String> args, Map<String, String> environment) {
        return start(name, args, environment, HTTP, "http", "http");
    }

    /**
     * {@link #start(String, List, Map)} for a node whose ports both serve TLS ({@code --tls-cert},
     * {@code --api-tls-cert} in {@code args}): its health is asked over {@code https://} through {@code https}, which
     * trusts its certificate.
     */
    static NodeProcess startTls(String name, List<String> args, HttpClient https) {
        return start(name, args, Map.of(), https, "https", "https");
    }

    /** The same for a node whose API port alone serves TLS ({@code --api-tls-cert} in {@code args}). */
    static NodeProcess startApiTls(String name, List<String> args, HttpClient https) {
        return start(name, args, Map.of(), https, "http", "https");
    }

    private static NodeProcess start(String name, List<String> args, Map<String, String> environment,
                                     HttpClient health, String clientScheme, String apiScheme) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the cli module's package phase builds it");
        }
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            NodeProcess node = launch(name, freePort(), freePort(), args, environment);
            try {
                if (node.awaitHealthy(health, clientScheme, apiScheme)) {
                    return node;
                }
                // It exited while starting, most likely because another process took a port first.
                failures.add(node + " exited with " + node.process.exitValue() + "; its output:\n" + node.output());
            } catch (RuntimeException | Error e) {
                node.close();
                throw e;
            }
        }
        throw new IllegalStateException(name + " did not start in " + START_ATTEMPTS + " attempts:\n"
                + String.join("\n", failures));
    }

    /** {@link #start(String, List, Map)} with the cluster flags every test node shares. */
    static NodeProcess startClusterNode(String nodeId, String redisUri, String clusterSecret, String... more) {
        List<String> args = new ArrayList<>(List.of("--redis", redisUri, "--node-id", nodeId,
                "--cluster-secret", clusterSecret));
        args.addAll(List.of(more));
        return start(nodeId, args, Map.of());
    }

    /**
     * Starts a node again on the ports of {@code previous}, which has exited (killed, say), with these arguments,
     * so that its clients find it where it was; returns once it is healthy. One attempt: where another process took
     * one of the ports meanwhile, it fails.
     */
    static NodeProcess restartOnSamePorts(NodeProcess previous, List<String> args, Map<String, String> environment) {
        if (previous.process.isAlive()) {
            throw new IllegalStateException(previous + " is still running");
        }
        NodeProcess node = launch(previous.name, previous.port, previous.apiPort, args, environment);
        try {
            if (!node.awaitHealthy(HTTP, "http", "http")) {
                throw new IllegalStateException(node + " exited with " + node.process.exitValue()
                        + " as it started again; its output:\n" + node.output());
            }
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private static NodeProcess launch(String name, int port, int apiPort, List<String> args,
                                      Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        // Cold: the warm-up (seconds of CPU) is tested on its own; these tests start many nodes on two cores.
        command.addAll(List.of("-jar", JAR.toString(), "serve", "--warmup-logins", "0",
                "--port", Integer.toString(port), "--api-port", Integer.toString(apiPort)));
        command.addAll(args);
        try {
            Files.createDirectories(LOGS);
            Path log = Files.createTempFile(LOGS, name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(variable -> variable.startsWith("HERALD_"));
            builder.environment().put("HERALD_LOG_LEVEL", "DEBUG");
            builder.environment().putAll(environment);
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new NodeProcess(name, port, apiPort, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Polls {@code /healthz} on both ports until both answer 200: true then, false where the process exited
     * first. Nothing else can tell when a JVM has started, so this polls, pausing by waiting for the process's
     * exit.
     */
    private boolean awaitHealthy(HttpClient health, String clientScheme, String apiScheme) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(healthy(health, clientScheme, port) && healthy(health, apiScheme, apiPort))) {
            try {
                if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + this + " started", e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(this + " was not healthy within " + START_TIMEOUT
                        + "; its output:\n" + output());
            }
        }
        return true;
    }

    private static boolean healthy(HttpClient health, String scheme, int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + HOST + ":" + port + "/healthz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            return health.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling /healthz", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** The client port: {@code /ws} and {@code /healthz}. */
    int port() {
        return port;
    }

    /** The API port on 127.0.0.1; also where the other nodes relay to. */
    int apiPort() {
        return apiPort;
    }

    /** {@code ws://127.0.0.1:PORT/ws}. */
    URI webSocket() {
        return webSocket(port);
    }

    /** {@code ws://127.0.0.1:PORT/ws} of any client port. */
    static URI webSocket(int port) {
        return URI.create("ws://" + HOST + ":" + port + "/ws");
    }

    /** {@code host:port} of the API port, as the node advertises it to the others by default. */
    String apiAddress() {
        return HOST + ":" + apiPort;
    }

    long pid() {
        return process.pid();
    }

    /** Kills the node with SIGKILL, as a crash would, and waits until it has exited. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /**
     * Sends SIGTERM without waiting; {@link #close()} then waits. Lets a test stop several nodes at once.
     */
    void stopAsync() {
        process.destroy();
    }

    /** Stops the node with SIGTERM (it closes its clients with 1001 and leaves the cluster) and waits. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException(this + " did not exit within " + STOP_TIMEOUT + "; killed it");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this + " to exit", e);
        }
    }

    /** Waits until the node has exited, as {@link #close()} does, and gives its exit code. */
    int awaitExitCode() {
        awaitExit();
        return process.exitValue();
    }

    /** Everything the node has printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "node " + name + " (pid " + process.pid() + ", port " + port + ", API port " + apiPort + ")";
    }
}
