package io.herald.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one-line report a run prints every second while it goes: its phase, connections, pushes and deliveries
 * with their rates over the last second, and the last second's p99. Runs on a timer thread of its own; the run's
 * thread tells it the phase.
 */
final class Progress implements AutoCloseable {

    private final PrintWriter out;
    private final RunContext run;
    private final Connections connections;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final long startNanos = System.nanoTime();
    private volatile String phase = "connect";
    private volatile PushSource source;
    private long lastReady;
    private long lastSent;
    private long lastReceived;

    Progress(PrintWriter out, RunContext run, Connections connections) {
        this.out = out;
        this.run = run;
        this.connections = connections;
    }

    void start() {
        timer.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
    }

    void phase(String name) {
        phase = name;
    }

    /** From now on the line shows the pushes {@code source} issues. */
    void pushing(PushSource source) {
        this.source = source;
    }

    /** Prints an aside on its own line, such as why the node is not sampled. */
    void note(String text) {
        out.println("note: " + text);
        out.flush();
    }

    private void report() {
        try {
            out.println(line());
            out.flush();
        } catch (RuntimeException e) {
            // A report that fails must not stop the next ones.
        }
    }

    private String line() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%4ds %-9s]", seconds, phase));
        long ready = connections.ready();
        b.append(" ready ").append(ready).append('/').append(run.config().connections())
                .append(" (+").append(ready - lastReady).append("/s)")
                .append(" failed ").append(connections.failed())
                .append(" closed ").append(connections.closed());
        lastReady = ready;
        LatencySummary connect = connections.connectTimes().interval();
        if (connect.count() > 0) {
            b.append(" | connect p99 ").append(ms(connect.p99()));
        }
        PushSource pushes = source;
        if (pushes != null) {
            DeliveryLedger ledger = run.ledger();
            long sent = pushes.issued();
            long received = ledger.receivedSoFar();
            b.append(" | sent ").append(sent).append(" (+").append(sent - lastSent).append("/s)")
                    .append(" received ").append(received).append(" (+").append(received - lastReceived).append("/s)")
                    .append(" in flight ").append(Math.max(0, ledger.expectedSoFar() - received))
                    .append(" dup ").append(ledger.duplicatesSoFar());
            lastSent = sent;
            lastReceived = received;
            LatencySummary latency = ledger.latency().interval();
            if (latency.count() > 0) {
                b.append(" | p99 ").append(ms(latency.p99()));
            }
        }
        return b.toString();
    }

    private static String ms(long micros) {
        return ResultTable.fixed(micros / 1000.0, 2) + " ms";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
