package io.herald.gateway.metrics;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes in one JVM (as the ITs run them) each have their own registry: neither sees the other's figures. */
class NodeMetricsTest {

    @Test
    void twoNodesKeepSeparateRegistries() {
        NodeMetrics first = new NodeMetrics();
        NodeMetrics second = new NodeMetrics();
        AtomicLong firstDeliveries = new AtomicLong(7);
        first.counter("herald_deliveries_total", "d", firstDeliveries::get);
        second.counter("herald_deliveries_total", "d", () -> 3);

        first.pushes().done(first.pushes().pushed(PushMetrics.Kind.GROUP));
        first.pushes().pushed(PushMetrics.Kind.GROUP);

        String a = scrape(first);
        String b = scrape(second);
        assertThat(first.registry()).isNotSameAs(second.registry());
        assertThat(a).contains("herald_pushes_total{kind=\"group\"} 2.0", "herald_deliveries_total 7.0",
                "herald_push_seconds_count 1\n", "jvm_threads_current");
        assertThat(b).contains("herald_pushes_total{kind=\"group\"} 0.0", "herald_deliveries_total 3.0",
                "herald_push_seconds_count 0\n", "jvm_threads_current");
    }

    @Test
    void aLabelledCounterReadsItsValuesWhenScraped() {
        NodeMetrics metrics = new NodeMetrics();
        AtomicLong closes = new AtomicLong();
        metrics.counter("herald_closes_total", "c", "code", each -> each.accept("1000", closes.get()));

        closes.set(2);

        assertThat(scrape(metrics)).contains("herald_closes_total{code=\"1000\"} 2.0");
    }

    private static String scrape(NodeMetrics metrics) {
        FullHttpResponse response = metrics.response(UnpooledByteBufAllocator.DEFAULT, null);
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }
}
