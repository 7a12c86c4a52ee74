package io.herald.bench;

import io.herald.bench.measure.NodeProfiler;
import io.herald.bench.measure.SecondSample;
import io.herald.bench.measure.TimeSeries;
import io.herald.bench.measure.Timeline;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one-line report a run prints every second while it goes: its phase, connections, pushes and deliveries
 * with their rates over the last second, and the last second's p99. Each line is a point of the run's
 * {@link TimeSeries}, which {@link #finish} hands over for the result. Runs on a timer thread of its own; the
 * run's thread tells it the phase, which it passes on to the run's {@link NodeProfiler}.
 */
final class Progress implements AutoCloseable {

    private final PrintWriter out;
    private final int target;
    private final ProgressCounters counters;
    private final TimeSeries series;
    private final NodeProfiler profiler;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-bench-progress");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param target   the connections the run opens
     * @param profiler profiles the nodes over the phases it is told of
     */
    Progress(PrintWriter out, int target, ProgressCounters counters, NodeProfiler profiler) {
        this.out = out;
        this.target = target;
        this.counters = counters;
        this.series = new TimeSeries(counters, "connect");
        this.profiler = profiler;
    }

    void start() {
        timer.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
    }

    void phase(String name) {
        series.phase(name);
        profiler.phase(name);
    }

    /** Stops the lines and returns the run's timeline, its end included. Call once, from the run's thread. */
    Timeline finish() {
        close();
        return series.finish();
    }

    private void report() {
        try {
            out.println(line(series.tick(), target, counters.pushing()) + counters.more());
            out.flush();
        } catch (RuntimeException e) {
            // A report that fails must not stop the next ones.
        }
    }

    /** The progress line of one point of the series. */
    static String line(SecondSample s, int target, boolean pushing) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%4ds %-9s]", (long) s.seconds(), s.phase()));
        b.append(" ready ").append(s.ready()).append('/').append(target)
                .append(" (+").append(Math.round(s.connectsPerSecond())).append("/s)")
                .append(" failed ").append(s.failed())
                .append(" closed ").append(s.closed());
        if (s.connectP99Micros() != null) {
            b.append(" | connect p99 ").append(ms(s.connectP99Micros()));
        }
        if (pushing) {
            b.append(" | sent ").append(s.sent()).append(" (+").append(Math.round(s.pushesPerSecond())).append("/s)")
                    .append(" received ").append(s.received())
                    .append(" (+").append(Math.round(s.deliveriesPerSecond())).append("/s)")
                    .append(" in flight ").append(s.inFlight())
                    .append(" dup ").append(s.duplicates());
            if (s.latencyP99Micros() != null) {
                b.append(" | p99 ").append(ms(s.latencyP99Micros()));
            }
        }
        return b.toString();
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    @Override
    public void close() {
        profiler.finish();
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
