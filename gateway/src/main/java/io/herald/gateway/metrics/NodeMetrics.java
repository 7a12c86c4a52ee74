package io.herald.gateway.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The node's metrics: a Prometheus registry of its own (never the client library's default one, so two nodes in one
 * JVM keep theirs apart), the JVM's metrics registered on it, and {@code GET /metrics}'s answer. The components
 * count for themselves, with striped counters where it is on a hot path; most are read here only when scraped
 * ({@link #counter}, {@link #gauge}), so a push pays for none of them but {@link PushMetrics}'s. Registered once,
 * by the node's composition root; scraped on an API loop: a scrape (about 13 KB, the JVM's metrics included) cost
 * the node about 2.4 ms of CPU, its HTTP connection included, on a loaded 2-core machine, which a scrape every few
 * seconds can spend there.
 */
public final class NodeMetrics {

    /** The path the API answers with the exposition. */
    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final PushMetrics pushes;

    public NodeMetrics() {
        // The JVM's metrics one by one rather than through JvmMetrics, which keeps every registry it registered on in
        // a static set, and whose pool allocation metrics hang a listener on the JVM's collectors: either would keep a
        // stopped node's registry (and what its callbacks read) alive, and the tests start many nodes in one JVM.
        // Native memory is left out too: it asks a diagnostic command at every scrape, and is off unless NMT is on.
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
        this.pushes = new PushMetrics(registry);
    }

    /** Where pushes are counted and timed. */
    public PushMetrics pushes() {
        return pushes;
    }

    /** The registry, for what the node counts through the client library's own types. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** A gauge read when scraped. */
    public NodeMetrics gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsDouble())).register(registry);
        return this;
    }

    /** A counter (its name ending in {@code _total}) read when scraped. */
    public NodeMetrics counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsLong())).register(registry);
        return this;
    }

    /** A counter with one label, each value of which {@code values} hands over with its count when scraped. */
    public NodeMetrics counter(String name, String help, String label, Consumer<BiConsumer<String, Long>> values) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label)
                .callback(callback -> values.accept((value, count) -> callback.call(count, value)))
                .register(registry);
        return this;
    }

    /**
     * The exposition of every metric: Prometheus text 0.0.4, or OpenMetrics text where {@code accept} (the request's
     * {@code Accept} header, or {@code null}) asks for it.
     */
    public FullHttpResponse response(ByteBufAllocator alloc, String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) {
            // Protobuf, whose writer needs a library the node does not bring: the text it always can write.
            writer = formats.getPrometheusTextFormatWriter();
        }
        ByteBuf body = alloc.buffer(16 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            writer.write(out, registry.scrape());
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }
}
