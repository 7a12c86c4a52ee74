package io.herald.gateway.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the benchmark's operation without JMH, so that the build proves it counts what the node counts. */
class PushMetricsBenchmarkTest {

    @Test
    void aPushIsCountedWithItsDeliveries() {
        PushMetricsBenchmark benchmark = new PushMetricsBenchmark();
        benchmark.setUp();
        benchmark.push();
        benchmark.push();
        assertThat(benchmark.metrics.count(PushMetrics.Kind.ALL)).isEqualTo(2);
        assertThat(benchmark.deliveries.sum()).isEqualTo(1000);
    }
}
