package io.herald.bench.measure;

/**
 * The live counters of a run that its {@link TimeSeries} reads once a second. The interval methods hand out what
 * was recorded since their previous call, so only one reader may call them. Called from the progress timer.
 */
public interface RunCounters {

    long ready();

    long failed();

    long closed();

    /** Connect times recorded since the previous call. */
    LatencySummary connectInterval();

    /** Pushes issued so far; 0 before the pushes begin. */
    long sent();

    long received();

    long expected();

    long duplicates();

    /** Measured delivery latencies recorded since the previous call. */
    LatencySummary latencyInterval();

    /** CPU time and memory of both sides now, and when ({@link #nanoTime()}'s clock). */
    ProcessSampler.Sample sample();

    /** The clock of the series, {@link System#nanoTime()} in a live run. */
    long nanoTime();
}
