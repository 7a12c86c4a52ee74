package io.herald.bench;

import io.herald.bench.load.FailoverClients;
import io.herald.bench.load.LoadException;
import io.herald.bench.load.NodeRestarter;
import io.herald.bench.load.RestartCommand;
import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.ProcessSampler;
import io.herald.bench.measure.SampledNodes;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kill of a failover run: at its time, SIGKILL to one node's process, then the same command line, environment
 * and working directory started again, until it answers {@code /healthz}. Meanwhile the node's CPU time holds at
 * what its process had used, and the run's phases mark the kill and the restart. Runs on a thread of its own,
 * which {@link #cancel} stops where it has not begun the kill.
 */
final class NodeKill {

    /** How long the kill and the restart may take in all: the process's exit, a JVM's start, Redis. */
    static final Duration BOUND = Duration.ofSeconds(120);

    private static final int WAITING = 0;
    private static final int KILLING = 1;
    private static final int CANCELLED = 2;

    /**
     * The node to kill.
     *
     * @param position its place in the run's lists of addresses, from 0
     * @param name     its API address
     * @param pid      its process
     * @param sampled  its place among the sampled nodes
     * @param api      its API address, where the restarted process is found listening
     * @param command  how it was started
     * @param restarter kills it and starts it again
     */
    record Target(int position, String name, long pid, int sampled, URI api, RestartCommand command,
                  NodeRestarter restarter) {
    }

    private final Target target;
    private final ProcessSampler sampler;
    private final Progress progress;
    private final FailoverClients clients;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile Thread thread;

    NodeKill(Target target, ProcessSampler sampler, Progress progress, FailoverClients clients) {
        this.target = target;
        this.sampler = sampler;
        this.progress = progress;
        this.clients = clients;
    }

    /** Kills and restarts the node at {@code nanoTime} ({@link System#nanoTime()}), on a thread of its own. */
    CompletableFuture<FailoverFigures.Kill> at(long nanoTime) {
        CompletableFuture<FailoverFigures.Kill> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                done.complete(killAndRestart(nanoTime));
            } catch (InterruptedException e) {
                done.cancel(false);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "herald-bench-kill");
        t.setDaemon(true);
        thread = t;
        t.start();
        return done;
    }

    /** Stops the kill where it has not begun; a kill under way goes on to its end. */
    void cancel() {
        Thread t = thread;
        if (state.compareAndSet(WAITING, CANCELLED) && t != null) {
            t.interrupt();
        }
    }

    private FailoverFigures.Kill killAndRestart(long at) throws InterruptedException {
        long wait = at - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (!state.compareAndSet(WAITING, KILLING)) {
            throw new InterruptedException("cancelled");
        }
        sampler.down(target.sampled());
        long killedAt = System.nanoTime();
        target.restarter().kill();
        progress.phase("killed");
        double seconds = clients.secondsSinceStart(killedAt);
        File fallback = Path.of(System.getProperty("java.io.tmpdir"),
                "herald-bench-node-" + (target.position() + 1) + "-" + target.pid() + ".log").toFile();
        String output = target.command().needsFallback()
                ? "its output, which went to a pipe or a socket, goes to " + fallback
                : "its output goes where the killed process's went";
        try {
            Process process = target.restarter().restart(fallback);
            long back = System.nanoTime();
            long pid = SampledNodes.listenerOf(target.api());
            pid = pid > 0 ? pid : process.pid();
            sampler.replaced(target.sampled(), pid);
            progress.phase("restarted");
            return new FailoverFigures.Kill(target.name(), target.position(), target.pid(), seconds, pid,
                    (back - killedAt) / 1e9, output, null);
        } catch (LoadException e) {
            return new FailoverFigures.Kill(target.name(), target.position(), target.pid(), seconds, 0, null, output,
                    e.getMessage());
        }
    }
}
