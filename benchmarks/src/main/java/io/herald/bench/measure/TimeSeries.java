package io.herald.bench.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's {@link Timeline}, for its report's charts: when each phase began ({@link #phase}, from the run's thread),
 * and a point when the run begins, one per {@link #tick} (the progress timer calls it once a second) and one at
 * {@link #finish}. Each point holds the run's totals at that moment and what happened since the previous one:
 * rates, the latencies recorded, CPU time over wall time. Thread-safe.
 */
public final class TimeSeries {

    /**
     * The end of a run is a point of its own only if it is at least this far from the last one; closer, it brings
     * the last point's totals up to the end instead.
     */
    static final Duration MIN_LAST_INTERVAL = Duration.ofMillis(250);

    private static final double NANOS_PER_SECOND = 1e9;

    private final RunCounters counters;
    private final long startNanos;
    private final List<Timeline.Phase> phases = new ArrayList<>();
    private final List<SecondSample> samples = new ArrayList<>();
    private String phase;
    private ProcessSampler.Sample last;
    private long lastReady;
    private long lastSent;
    private long lastReceived;

    /** Starts the series in {@code phase}, with a point at zero seconds. */
    public TimeSeries(RunCounters counters, String phase) {
        this.counters = counters;
        this.last = counters.sample();
        this.startNanos = last.nanoTime();
        this.phase = phase;
        this.lastReady = counters.ready();
        this.lastSent = counters.sent();
        this.lastReceived = counters.received();
        phases.add(new Timeline.Phase(0, phase));
        long expected = counters.expected();
        samples.add(new SecondSample(0, phase, lastReady, counters.failed(), counters.closed(), 0, null, lastSent, 0,
                lastReceived, 0, Math.max(0, expected - lastReceived), counters.duplicates(), null, null, null,
                kib(last.serverRssBytes()), null, kib(last.clientRssBytes())));
    }

    /** The run enters phase {@code name} now. */
    public synchronized void phase(String name) {
        if (!name.equals(phase)) {
            phase = name;
            phases.add(new Timeline.Phase(secondsAt(counters.nanoTime()), name));
        }
    }

    /** Reads the counters, adds a point and returns it. */
    public synchronized SecondSample tick() {
        ProcessSampler.Sample now = counters.sample();
        long nanos = now.nanoTime() - last.nanoTime();
        long ready = counters.ready();
        long sent = counters.sent();
        long received = counters.received();
        LatencySummary connect = counters.connectInterval();
        LatencySummary latency = counters.latencyInterval();
        SecondSample point = new SecondSample(secondsAt(now.nanoTime()), phase, ready, counters.failed(),
                counters.closed(), perSecond(ready - lastReady, nanos), p99(connect), sent,
                perSecond(sent - lastSent, nanos), received, perSecond(received - lastReceived, nanos),
                Math.max(0, counters.expected() - received), counters.duplicates(),
                latency.count() == 0 ? null : latency.p50(), p99(latency),
                percent(last.serverCpuNanos(), now.serverCpuNanos(), nanos), kib(now.serverRssBytes()),
                percent(last.clientCpuNanos(), now.clientCpuNanos(), nanos), kib(now.clientRssBytes()));
        samples.add(point);
        last = now;
        lastReady = ready;
        lastSent = sent;
        lastReceived = received;
        return point;
    }

    /**
     * Adds the end of the run as a last point and returns the whole timeline. Where the last point is too close to
     * tell a rate from, the end takes its place instead: the run's totals at the end (so that the series ends
     * where the result does), with the last point's rates, latencies and CPU. Call once, when the timer that
     * ticks has stopped.
     */
    public synchronized Timeline finish() {
        if (counters.nanoTime() - last.nanoTime() >= MIN_LAST_INTERVAL.toNanos()) {
            tick();
        } else if (samples.size() > 1) {
            samples.set(samples.size() - 1, atTheEnd(samples.get(samples.size() - 1)));
        }
        return timeline();
    }

    /** {@code s} with the totals, time and phase of now. */
    private SecondSample atTheEnd(SecondSample s) {
        ProcessSampler.Sample now = counters.sample();
        long received = counters.received();
        return new SecondSample(secondsAt(now.nanoTime()), phase, counters.ready(), counters.failed(),
                counters.closed(), s.connectsPerSecond(), s.connectP99Micros(), counters.sent(), s.pushesPerSecond(),
                received, s.deliveriesPerSecond(), Math.max(0, counters.expected() - received),
                counters.duplicates(), s.latencyP50Micros(), s.latencyP99Micros(), s.serverCpuPercent(),
                kib(now.serverRssBytes()), s.clientCpuPercent(), kib(now.clientRssBytes()));
    }

    synchronized Timeline timeline() {
        return new Timeline(phases, samples);
    }

    private double secondsAt(long nanoTime) {
        return (nanoTime - startNanos) / NANOS_PER_SECOND;
    }

    private static double perSecond(long delta, long nanos) {
        return nanos <= 0 ? 0 : delta * NANOS_PER_SECOND / nanos;
    }

    private static Long p99(LatencySummary l) {
        return l.count() == 0 ? null : l.p99();
    }

    /** CPU time over wall time, in percent of one core; null where either reading is missing. */
    private static Double percent(long cpuBefore, long cpuAfter, long wallNanos) {
        if (cpuBefore < 0 || cpuAfter < 0 || wallNanos <= 0) {
            return null;
        }
        return (cpuAfter - cpuBefore) * 100.0 / wallNanos;
    }

    private static Long kib(long bytes) {
        return bytes < 0 ? null : bytes / 1024;
    }
}
