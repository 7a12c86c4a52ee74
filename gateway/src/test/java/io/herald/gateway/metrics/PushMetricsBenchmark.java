package io.herald.gateway.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the metrics add to a push, as the node counts it: per push {@link PushMetrics#pushed} (a striped counter) and
 * {@link PushMetrics#done} (a histogram observation, with the two {@code System.nanoTime()} reads it needs), and per
 * loop a push reaches one {@code LongAdder.add} of its deliveries (Fanout). One thread (a push on one API loop) and
 * two (both loops of a 2-core machine counting at once, the contended case). The figures are compared with what a
 * delivery costs in {@code herald bench broadcast} (about 1.7 µs of node CPU each) in the closing note of the metrics
 * issue.
 *
 * <p>{@code mvn -pl gateway -am -Pjmh process-test-classes -Djmh.args="PushMetricsBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PushMetricsBenchmark {

    PushMetrics metrics;
    LongAdder deliveries;

    @Setup
    public void setUp() {
        metrics = new PushMetrics(new PrometheusRegistry());
        deliveries = new LongAdder();
    }

    /** Everything a push costs the metrics where its frames go out on one loop. */
    @Benchmark
    @Threads(1)
    public long pushOneThread() {
        return push();
    }

    @Benchmark
    @Threads(2)
    public long pushTwoThreads() {
        return push();
    }

    /** A loop's share of a broadcast: the deliveries it wrote, added once. */
    @Benchmark
    @Threads(2)
    public void deliveriesTwoThreads() {
        deliveries.add(500);
    }

    long push() {
        long start = metrics.pushed(PushMetrics.Kind.ALL);
        deliveries.add(500);
        metrics.done(start);
        return start;
    }
}
