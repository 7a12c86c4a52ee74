package io.herald.gateway.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the node counts of pushes: {@code herald_pushes_total{kind}} and {@code herald_push_seconds}. Per push, not
 * per delivery: the client library's counters and histogram add to striped cells (no lock), and a kind's data point
 * is looked up once here, not per push. Thread-safe; called on the API's loops and where a push completes.
 */
public final class PushMetrics {

    /** A push's target, as the {@code kind} label names it. */
    public enum Kind {
        USER("user"), CONN("conn"), GROUP("group"), ALL("all");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The kind as the {@code kind} label (and the admin page's figures) name it. */
        public String label() {
            return label;
        }
    }

    /** From 100 µs (a local unicast) to 10 s (a relay that times out), a little over doubling each step. */
    private static final double[] SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<Kind, CounterDataPoint> pushes = new EnumMap<>(Kind.class);
    private final Histogram seconds;

    PushMetrics(PrometheusRegistry registry) {
        Counter counter = Counter.builder().name("herald_pushes_total")
                .help("Pushes the node accepted (through the API or an upstream's answer), by target kind")
                .labelNames("kind").withoutExemplars().register(registry);
        for (Kind kind : Kind.values()) {
            pushes.put(kind, counter.labelValues(kind.label));
        }
        this.seconds = Histogram.builder().name("herald_push_seconds")
                .help("Seconds from a push's request read to its frames written to the node's connections (or relayed)")
                .classicOnly().classicUpperBounds(SECONDS).withoutExemplars().register(registry);
    }

    /** Counts a push accepted; returns when it started, for {@link #done}. */
    public long pushed(Kind kind) {
        pushes.get(kind).inc();
        return System.nanoTime();
    }

    /** The pushes of {@code kind} accepted since the node started: the admin page's figures. Any thread. */
    public long count(Kind kind) {
        return pushes.get(kind).getLongValue();
    }

    /** Observes a push whose frames are written, {@link #pushed} having returned {@code startNanos}. */
    public void done(long startNanos) {
        seconds.observe((System.nanoTime() - startNanos) / 1e9);
    }
}
