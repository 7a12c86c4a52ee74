package io.herald.client;

import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Herald node in a JVM of its own, on this test's class path, in the cluster of a Redis, so that a test can kill it
 * (SIGKILL): its clients' connections end without a close frame and it never leaves the cluster, as when a machine
 * dies. {@link #main} is the node's side: it starts the node, prints its ports, and runs until killed or its input
 * ends.
 */
final class NodeProcess implements AutoCloseable {

    private static final String READY = "listening ";

    private final Process process;
    private final int clientPort;
    private final int apiPort;

    private NodeProcess(Process process, int clientPort, int apiPort) {
        this.process = process;
        this.clientPort = clientPort;
        this.apiPort = apiPort;
    }

    /** Starts node {@code id} in the cluster of {@code redis}, keys under {@code prefix}; returns once it listens. */
    static NodeProcess start(String id, String redis, String prefix) {
        // Under surefire and failsafe the JVM's own class path is a manifest-only jar; they give the real one here.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", classPath, NodeProcess.class.getName(), id, redis, prefix))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(READY)) {
                    String[] ports = line.substring(READY.length()).split(" ");
                    return new NodeProcess(process, Integer.parseInt(ports[0]), Integer.parseInt(ports[1]));
                }
            }
            process.destroyForcibly();
            throw new AssertionError("node " + id + " exited before it listened: " + process.waitFor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    URI websocketUri() {
        return TestNode.websocketUri(clientPort);
    }

    Api api() {
        return new Api(new InetSocketAddress("127.0.0.1", apiPort));
    }

    /** Kills the node (SIGKILL) and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the node was killed but did not exit within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The node's side: {@code id redis prefix}. */
    public static void main(String[] args) throws Exception {
        // A heartbeat every second, for the reason HeraldClientIT gives: a reset the JDK misses is noticed in 2 s.
        GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0).warmupLogins(0)
                .pingInterval(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(30))
                .nodeId(args[0]).secret(TestNode.SECRET).cluster(TestNode.cluster(args[1], args[2])).build();
        GatewayServer server = GatewayServer.create(config).start();
        System.out.println(READY + server.clientAddress().getPort() + " " + server.apiAddress().getPort());
        System.out.flush();
        // Until killed; or, where the test's JVM went without killing it, until its input ends.
        while (System.in.read() >= 0) {
            continue;
        }
        server.close();
    }
}
