package io.herald.gateway.api;

import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.gateway.metrics.PushMetrics;
import io.herald.route.Cluster;
import io.herald.route.NodeInfo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/admin/stats}: this node's figures, as the admin page reads them once a second, and the cluster's
 * nodes as {@code /api/nodes} gives them. The figures are cumulative from the node's start (the page computes rates
 * from two readings) and read from the counters the node keeps for its metrics: nothing is counted for the page.
 * Where the cluster's nodes cannot be read (Redis down), {@code nodes} is {@code null} and the figures still come.
 * Called on the API loop; the counters it reads are thread-safe.
 */
public final class AdminStatsEndpoint {

    /** The endpoint's path, behind the API key like the rest of {@code /api/}. */
    public static final String PATH = "/api/admin/stats";

    private AdminStatsEndpoint() {
    }

    /**
     * @param connections the node's logged-in connections
     * @param deliveries  push frames written to the node's connections since it started
     * @param closes      hands each close code seen so far, with its count, to its argument
     * @param clock       milliseconds since the epoch; the node's uptime counts from when this is called
     */
    public static Endpoint of(String nodeId, IntSupplier connections, PushMetrics pushes, LongSupplier deliveries,
                              Consumer<BiConsumer<Integer, Long>> closes, Cluster cluster, LongSupplier clock) {
        long started = clock.getAsLong();
        return request -> {
            Figures figures = new Figures(nodeId, clock.getAsLong() - started, connections.getAsInt(),
                    pushes, deliveries.getAsLong(), closes, cluster.relayFailures(), cluster.degraded());
            CompletionStage<List<NodeInfo>> nodes = cluster.nodes();
            return nodes.handle((list, e) -> ApiResponse.ok(w -> figures.write(w, e == null ? list : null)));
        };
    }

    /** The node's figures, read when the request came (on the API loop), written once the nodes are known. */
    private static final class Figures {
        private final String node;
        private final long uptimeMillis;
        private final int connections;
        private final long[] pushes;
        private final long deliveries;
        private final String closes;
        private final long relayFailures;
        private final Optional<String> degraded;

        Figures(String node, long uptimeMillis, int connections, PushMetrics pushes, long deliveries,
                Consumer<BiConsumer<Integer, Long>> closes, long relayFailures, Optional<String> degraded) {
            this.node = node;
            this.uptimeMillis = uptimeMillis;
            this.connections = connections;
            this.pushes = counts(pushes);
            this.deliveries = deliveries;
            this.closes = closesJson(closes);
            this.relayFailures = relayFailures;
            this.degraded = degraded;
        }

        private static long[] counts(PushMetrics pushes) {
            PushMetrics.Kind[] kinds = PushMetrics.Kind.values();
            long[] counts = new long[kinds.length];
            for (PushMetrics.Kind kind : kinds) {
                counts[kind.ordinal()] = pushes.count(kind);
            }
            return counts;
        }

        /** {@code {"1000":3,…}}: codes are numbers, so they need no escaping. */
        private static String closesJson(Consumer<BiConsumer<Integer, Long>> closes) {
            StringBuilder json = new StringBuilder("{");
            closes.accept((code, count) -> json.append(json.length() > 1 ? "," : "").append('"').append(code)
                    .append("\":").append(count));
            return json.append('}').toString();
        }

        void write(JsonWriter w, List<NodeInfo> nodes) {
            w.raw("{\"node\":").string(node).raw(",\"uptimeMillis\":").number(uptimeMillis)
                    .raw(",\"connections\":").number(connections).raw(",\"pushes\":{");
            for (PushMetrics.Kind kind : PushMetrics.Kind.values()) {
                w.raw(kind.ordinal() == 0 ? "\"" : ",\"").raw(kind.label()).raw("\":").number(pushes[kind.ordinal()]);
            }
            w.raw("},\"deliveries\":").number(deliveries).raw(",\"closes\":").raw(closes)
                    .raw(",\"relayFailures\":").number(relayFailures).raw(",\"degraded\":");
            if (degraded.isPresent()) {
                w.string(degraded.get());
            } else {
                w.value(RawJson.NULL);
            }
            w.raw(",\"nodes\":");
            if (nodes == null) {
                w.value(RawJson.NULL);
            } else {
                w.array(nodes, (item, info) -> item.raw("{\"node\":").string(info.id())
                        .raw(",\"address\":").string(info.address())
                        .raw(",\"connections\":").number(info.connections()).raw("}"));
            }
            w.raw("}");
        }
    }
}
