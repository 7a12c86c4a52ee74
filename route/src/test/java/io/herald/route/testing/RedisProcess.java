package io.herald.route.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One real {@code redis-server} on {@code 127.0.0.1} and a free port, started by the test and stopped, killed
 * and started again by it on the same port. It persists nothing ({@code save ""}, {@code appendonly no}), so
 * every start is empty; its working folder (its log, a cluster node's {@code nodes.conf}) is its own and is
 * deleted by {@link #close()}.
 *
 * <pre>{@code
 * try (RedisProcess redis = RedisProcess.launch();
 *      RedisClient client = RedisClient.create(URI.create(redis.uri()))) {
 *     client.set("k", "v");
 *     redis.kill();    // SIGKILL: the port now refuses connections
 *     redis.start();   // the same port again, empty
 * }
 * }</pre>
 *
 * <p>Called from the test thread; the methods are synchronized so that a JVM shutdown clean-up or a second
 * test thread sees a consistent state.
 */
public final class RedisProcess implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private static final int LAUNCH_ATTEMPTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern URI_SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

    private final int port;
    private final String password;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;
    private boolean closed;

    private RedisProcess(int port, String password, List<String> extraArgs) {
        this.port = port;
        this.password = password;
        this.extraArgs = List.copyOf(extraArgs);
        this.dir = RedisExecutable.newWorkDir();
    }

    /** Starts a server without a password and returns once it answers. */
    public static RedisProcess launch() {
        return launch(null, List.of(), false);
    }

    /** Starts a server that requires this password ({@code requirepass}); letters, digits and {@code ._~-}. */
    public static RedisProcess launchWithPassword(String password) {
        if (password == null || !URI_SAFE.matcher(password).matches()) {
            throw new IllegalArgumentException(
                    "password: " + password + " (expected: letters, digits, '.', '_', '~', '-')");
        }
        return launch(password, List.of(), false);
    }

    /** Starts a cluster node: its port and the cluster bus port (port + 10000) are both free. */
    static RedisProcess launchClusterNode(List<String> clusterArgs) {
        return launch(null, clusterArgs, true);
    }

    private static RedisProcess launch(String password, List<String> extraArgs, boolean clusterBus) {
        // A free port can be taken between choosing it and Redis binding it; Redis then exits, so try another.
        EarlyExitException failure = null;
        for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++) {
            RedisProcess redis = new RedisProcess(FreePorts.pick(clusterBus), password, extraArgs);
            try {
                redis.start();
                return redis;
            } catch (EarlyExitException e) {
                redis.close();
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } catch (RuntimeException | Error e) {
                redis.close();
                throw e;
            }
        }
        throw failure;
    }

    /** The TCP port, the same across restarts. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, or {@code redis://:PASSWORD@127.0.0.1:PORT} with a password. */
    public String uri() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + HOST + ":" + port;
    }

    /** {@link #uri()} with a database number, e.g. {@code redis://:secret@127.0.0.1:PORT/2}. */
    public String uri(int database) {
        return uri() + "/" + database;
    }

    /** Whether the server process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server again on the same port and returns once it answers; it is empty. (The factories
     * already started it: this is for after {@link #stop()} or {@link #kill()}.)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        process = RedisExecutable.start(arguments(), dir, log());
        awaitAnswer();
    }

    /** Shuts the server down with SIGTERM, as an operator would, and waits until it has exited. */
    public synchronized void stop() {
        requireRunning();
        halt(false);
    }

    /** Kills the server with SIGKILL, as a crash would, and waits until it has exited: the port refuses. */
    public synchronized void kill() {
        requireRunning();
        halt(true);
    }

    /** Stops the server if it runs and deletes its working folder. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (isRunning()) {
                halt(false);
            }
        } finally {
            RedisExecutable.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "redis-server " + HOST + ":" + port;
    }

    /** A single connection to this server, for administration (cluster set-up, readiness). */
    Jedis connect() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .password(password)
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(1_000)
                .socketTimeoutMillis(5_000)
                .build();
        return new Jedis(HOST, port, config);
    }

    private List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(
                "--bind", HOST,
                "--port", Integer.toString(port),
                "--dir", dir.toString(),
                // Nothing persisted: each start is empty and the folder holds only the log (and nodes.conf).
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no"));
        if (password != null) {
            args.add("--requirepass");
            args.add(password);
        }
        args.addAll(extraArgs);
        return args;
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long pauseMillis = 2;
        while (!answersAsItself()) {
            if (!process.isAlive()) {
                Process exited = process;
                process = null;
                throw new EarlyExitException(this + " exited with " + exited.exitValue() + "; its log:\n" + logTail());
            }
            if (System.nanoTime() - deadline > 0) {
                halt(true);
                throw new IllegalStateException(this + " did not answer within " + START_TIMEOUT + "; its log:\n"
                        + logTail());
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 100);
        }
    }

    /** Whether our process answers on the port; checking its pid rules out another server that took the port. */
    private boolean answersAsItself() {
        try (Jedis jedis = connect()) {
            return ("process_id:" + process.pid()).equals(infoLine(jedis.info("server"), "process_id:"));
        } catch (JedisException e) {
            return false;
        }
    }

    private static String infoLine(String info, String prefix) {
        return info.lines().filter(line -> line.startsWith(prefix)).findFirst().orElse("");
    }

    private void halt(boolean force) {
        Process running = process;
        process = null;
        if (force) {
            running.destroyForcibly();
        } else {
            running.destroy();
        }
        try {
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException(this + " did not exit within " + STOP_TIMEOUT + "; killed it");
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this + " to exit", e);
        }
    }

    private void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException(this + " is not running");
        }
    }

    private Path log() {
        return dir.resolve("redis.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis to start", e);
        }
    }

    /** The server exited while starting, e.g. because another process took its port first. */
    private static final class EarlyExitException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        EarlyExitException(String message) {
            super(message);
        }
    }
}
