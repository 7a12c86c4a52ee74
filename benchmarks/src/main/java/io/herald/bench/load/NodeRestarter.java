package io.herald.bench.load;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kills a node's process as a crash would (SIGKILL: no drain, no 1001, no leaving the cluster) and starts it again
 * with the {@link RestartCommand} read from it before, then waits until it answers {@code /healthz}. Called from
 * one thread, never an event loop: it blocks.
 */
public final class NodeRestarter {

    /** How long a killed process may take to be gone. */
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a restarted node may take to answer {@code /healthz}: a JVM start, and Redis. */
    static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration POLL = Duration.ofMillis(100);

    private final long pid;
    private final RestartCommand command;
    private final List<URI> health;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /**
     * @param pid     the node's process
     * @param command how it was started, read from it while it runs
     * @param health  the {@code /healthz} addresses that must answer 200 once it is back: its API's and its
     *                client port's
     */
    public NodeRestarter(long pid, RestartCommand command, List<URI> health) {
        this.pid = pid;
        this.command = command;
        this.health = List.copyOf(health);
    }

    /** {@code http://host:port/healthz} of a node's API or client address. */
    public static URI healthOf(URI address) {
        int port = address.getPort() == -1 ? 80 : address.getPort();
        return URI.create("http://" + address.getHost() + ":" + port + "/healthz");
    }

    /** Sends SIGKILL and waits until the process is gone. */
    public void kill() throws InterruptedException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            throw new LoadException("process " + pid + " is gone before the bench killed it");
        }
        process.get().destroyForcibly();
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        while (process.get().isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                throw new LoadException("process " + pid + " still runs " + EXIT_TIMEOUT.toSeconds()
                        + " s after SIGKILL (another user's process?)");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * Starts the node again and waits until every {@code /healthz} answers 200.
     *
     * @param fallback where its output goes where it cannot go where it went
     * @return the new process
     * @throws LoadException where it cannot start, exits, or is not healthy in {@link #HEALTHY_TIMEOUT}
     */
    public Process restart(File fallback) throws InterruptedException {
        Process process;
        try {
            process = command.start(fallback);
        } catch (IOException e) {
            throw new LoadException("cannot start node process " + pid + " again: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
        while (!health.stream().allMatch(this::healthy)) {
            if (process.isAlive()) {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } else if (process.exitValue() != 0) {
                throw new LoadException("the restarted node exited with " + process.exitValue() + " (its output: "
                        + command.output() + ")");
            } else {
                // setsid forked where it had to, and the node runs on in its child.
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LoadException("the restarted node did not answer " + health + " within "
                        + HEALTHY_TIMEOUT.toSeconds() + " s");
            }
        }
        return process;
    }

    private boolean healthy(URI healthz) {
        HttpRequest request = HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
