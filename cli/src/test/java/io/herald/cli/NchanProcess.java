package io.herald.cli;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx with the nchan module, started as {@code benchmarks/run-peers} starts it: from the config it shares with
 * that script ({@code benchmarks/nchan-nginx.conf}), with a prefix of its own, on a free loopback port, its master in
 * the foreground ({@code daemon off}) as this JVM's child. {@link #start} returns once the port accepts connections.
 *
 * <p>Where nginx or the module is not installed, a test is skipped, unless {@value #REQUIRED} is set to
 * {@code required} (as {@code .ci/run} does, after installing them), when it fails. Called from test threads.
 */
final class NchanProcess implements AutoCloseable {

    /** The variable that makes a missing nginx or nchan a failure rather than a skipped test. */
    static final String REQUIRED = "HERALD_TEST_NCHAN";

    /** The config run-peers uses too; failsafe runs in the cli module's folder. */
    static final Path CONFIG = Path.of(System.getProperty("herald.nchan.config", "../benchmarks/nchan-nginx.conf"))
            .toAbsolutePath().normalize();

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");
    private static final int WORKERS = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int START_ATTEMPTS = 3;

    private final Process master;
    private final int port;
    private final Path prefix;

    private NchanProcess(Process master, int port, Path prefix) {
        this.master = master;
        this.port = port;
        this.prefix = prefix;
    }

    /** Starts nginx with {@value #WORKERS} workers under {@code prefix}; skips the test where it is not installed. */
    static NchanProcess start(Path prefix) throws IOException, InterruptedException {
        if (!Files.isExecutable(NGINX) || !Files.isRegularFile(MODULE)) {
            String why = NGINX + " or " + MODULE + " is missing: apt-get install nginx libnginx-mod-nchan";
            if ("required".equals(System.getenv(REQUIRED))) {
                throw new IllegalStateException(why + " (" + REQUIRED + "=required)");
            }
            Assumptions.abort(why + "; set " + REQUIRED + "=required to fail instead");
        }
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            NchanProcess nginx = launch(prefix.resolve("nginx-" + attempt), freePort());
            if (nginx.awaitListening()) {
                return nginx;
            }
            // It exited while starting, most likely because another process took the port first.
            failures.add("nginx exited with " + nginx.master.exitValue() + ": " + nginx.errorLog());
        }
        throw new IllegalStateException("nginx did not start in " + START_ATTEMPTS + " attempts:\n"
                + String.join("\n", failures));
    }

    private static NchanProcess launch(Path prefix, int port) throws IOException {
        Files.createDirectories(prefix.resolve("logs"));
        String user = System.getProperty("user.name");
        String config = Files.readString(CONFIG, StandardCharsets.UTF_8)
                .replace("@MODULE@", MODULE.toString())
                .replace("@USER@", user)
                .replace("@GROUP@", group())
                .replace("@WORKERS@", Integer.toString(WORKERS))
                .replace("@FILES@", "4096")
                .replace("@CONNECTIONS@", "2048")
                .replace("@PORT@", Integer.toString(port));
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        Process master = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", file.toString(),
                "-e", prefix.resolve("logs/error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/output.log").toFile())
                .start();
        return new NchanProcess(master, port, prefix);
    }

    /** The primary group of this process's user, which nginx's {@code user} directive names. */
    private static String group() throws IOException {
        try {
            Process id = new ProcessBuilder("id", "-gn").start();
            String name = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return id.waitFor() == 0 && !name.isEmpty() ? name : "nogroup";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the group", e);
        }
    }

    /** Whether the port accepts connections before the timeout, and the master still runs. */
    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0 && master.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
        }
        if (master.isAlive()) {
            close();
            throw new IllegalStateException("nginx is not listening on " + port + " after " + START_TIMEOUT + ": "
                    + errorLog());
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The master's pid: herald bench finds its workers. */
    long pid() {
        return master.pid();
    }

    /** The workers, as the master started them. */
    List<Long> workers() {
        return master.children().map(ProcessHandle::pid).toList();
    }

    String subscriberLocation() {
        return "ws://127.0.0.1:" + port + "/sub/";
    }

    String publisherLocation() {
        return "http://127.0.0.1:" + port + "/pub/";
    }

    String errorLog() {
        try {
            return Files.readString(prefix.resolve("logs/error.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops nginx: SIGTERM, which its master passes on to the workers, and waits. */
    @Override
    public void close() {
        List<ProcessHandle> workers = master.children().toList();
        master.destroy();
        try {
            if (!master.waitFor(10, TimeUnit.SECONDS)) {
                master.destroyForcibly();
            }
        } catch (InterruptedException e) {
            master.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
    }
}
