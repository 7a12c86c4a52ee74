package io.herald.bench;

import io.herald.bench.load.Connections;
import io.herald.bench.load.RunIds;
import io.herald.bench.load.SlowReaders;
import io.herald.bench.load.Tokens;
import io.herald.bench.measure.NodeHeap;
import io.herald.bench.measure.ProcessSampler;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SlowReaderFigures;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slow-readers scenario around its pushes: opens the connections that never read once the ordinary ones are
 * logged in, waits until the node counts them, reads the node's memory, runs the pushes (half broadcasts, which
 * reach the slow connections too, half unicasts to the ordinary ones) while a thread of its own reads every
 * {@link SlowReaderFigures#SAMPLE_MILLIS} ms how many connections the node still holds (its {@code /healthz}) and,
 * halfway, its heap; then waits for the node to close what it will, and reads its memory again. A slow connection
 * never reads, so it cannot see its close; the node's count of logged-in connections, less the ordinary ones still
 * open, says how many it still holds. Runs on the run's thread.
 */
final class SlowReadersPhase {

    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\"\\s*:\\s*(\\d+)");
    /** How long the node may take to count every slow connection as logged in, and to close them at the end. */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final BenchConfig config;
    private final Connections connections;
    private final ProcessSampler sampler;
    private final Progress progress;
    private final NodeHeap heap;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SlowReadersPhase(BenchConfig config, Connections connections, ProcessSampler sampler, Progress progress) {
        this.config = config;
        this.connections = connections;
        this.sampler = sampler;
        this.progress = progress;
        this.heap = new NodeHeap(sampler.serverPid());
    }

    /** Whether the node's heap can be read (it runs on this machine, and this JVM has jcmd). */
    boolean heapReadable() {
        return heap.available();
    }

    /** Opens the slow connections, runs {@code pushes} meanwhile, and returns both what it and they measured. */
    Result run(Tokens tokens, RunIds ids, Callable<PushFigures> pushes) throws Exception {
        progress.phase("slow readers");
        try (SlowReaders slow = SlowReaders.open(config.ws().get(0), config.slowReaders(), tokens, ids)) {
            int loggedIn = awaitLoggedIn(slow.opened());
            long heapBefore = heap.liveBytes();
            long rssBefore = sampler.sample().serverRssBytes();
            Sampling sampling = new Sampling(loggedIn, System.nanoTime());
            Thread thread = new Thread(sampling, "slow-readers-sampler");
            thread.setDaemon(true);
            thread.start();
            PushFigures push;
            try {
                push = pushes.call();
                sampling.awaitClosed(SETTLE);
            } finally {
                sampling.stop();
                thread.join(TimeUnit.SECONDS.toMillis(SETTLE.toSeconds()));
            }
            long heapAfter = heap.liveBytes();
            long rssAfter = sampler.sample().serverRssBytes();
            return new Result(push, sampling.figures(slow.opened(), heapBefore, heapAfter, rssBefore, rssAfter));
        }
    }

    record Result(PushFigures push, SlowReaderFigures figures) {
    }

    /** Waits until the node counts every slow connection opened as logged in, or {@link #SETTLE}; returns how many. */
    private int awaitLoggedIn(int opened) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int counted = 0;
        while (System.nanoTime() - deadline < 0) {
            counted = (int) Math.max(0, nodeConnections().orElse(0L) - connections.open());
            if (counted >= opened) {
                return counted;
            }
            TimeUnit.MILLISECONDS.sleep(SlowReaderFigures.SAMPLE_MILLIS);
        }
        return counted;
    }

    /** The node's logged-in connections, from its API port's {@code /healthz}; empty where it does not answer. */
    private Optional<Long> nodeConnections() {
        URI health = config.api().get(0).resolve("/healthz");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = CONNECTIONS.matcher(response.body());
            return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reads the node's count and memory while the pushes go; its own thread. */
    private final class Sampling implements Runnable {
        private final int loggedIn;
        private final long startNanos;
        private final List<double[]> closes = new ArrayList<>();
        private volatile boolean running = true;
        private volatile int closed;
        private volatile long heapDuring = -1;
        private volatile long rssMax = -1;
        private Double first;
        private Double half;
        private Double all;

        Sampling(int loggedIn, long startNanos) {
            this.loggedIn = loggedIn;
            this.startNanos = startNanos;
        }

        @Override
        public void run() {
            long halfway = startNanos + config.warmup().plus(config.duration()).toNanos() / 2;
            boolean heapRead = false;
            while (running) {
                sample();
                if (!heapRead && System.nanoTime() - halfway >= 0) {
                    heapRead = true;
                    heapDuring = heap.liveBytes();
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(SlowReaderFigures.SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void sample() {
            rssMax = Math.max(rssMax, sampler.sample().serverRssBytes());
            Optional<Long> held = nodeConnections();
            if (held.isEmpty()) {
                return;
            }
            int now = (int) Math.max(0, loggedIn - Math.max(0, held.get() - connections.open()));
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (now != closed || closes.isEmpty()) {
                closes.add(new double[] {seconds, now});
            }
            closed = now;
            if (now > 0 && first == null) {
                first = seconds;
            }
            if (now * 2 >= loggedIn && half == null && loggedIn > 0) {
                half = seconds;
            }
            if (now >= loggedIn && all == null && loggedIn > 0) {
                all = seconds;
            }
        }

        /** Once the pushes are over: waits until the node closed every slow connection, or {@code bound}. */
        void awaitClosed(Duration bound) throws InterruptedException {
            long deadline = System.nanoTime() + bound.toNanos();
            while (closed < loggedIn && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(SlowReaderFigures.SAMPLE_MILLIS);
            }
        }

        void stop() {
            running = false;
        }

        synchronized SlowReaderFigures figures(int opened, long heapBefore, long heapAfter, long rssBefore,
                                               long rssAfter) {
            sample();
            return new SlowReaderFigures(opened, loggedIn, closed, first, half, all, closes, heapBefore,
                    heapDuring, heapAfter, rssBefore, rssMax, rssAfter);
        }
    }
}
