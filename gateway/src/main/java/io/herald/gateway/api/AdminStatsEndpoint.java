package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.codec.WireException;
import io.herald.gateway.metrics.PushMetrics;
import io.herald.route.Cluster;
import io.herald.route.NodeInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/admin/stats}: the figures the admin page reads once a second, for this node and every other live
 * node of the cluster. Each node's figures are cumulative from its start (the page computes rates from two readings)
 * and read from the counters the node keeps for its metrics: nothing is counted for the page. The other nodes are
 * asked in parallel for theirs ({@code POST /internal/admin/stats}, with the cluster secret, over the relays'
 * pooled client); a node that does not answer in time shows with its connection count from Redis and no figures.
 * Where the cluster's nodes cannot be read (Redis down), {@code nodes} is {@code null} and this node's figures still
 * come. Called on the API loop; the counters it reads are thread-safe.
 */
public final class AdminStatsEndpoint {

    /** The endpoint's path, behind the API key like the rest of {@code /api/}. */
    public static final String PATH = "/api/admin/stats";
    /** Where another node asks for this node's figures, behind the cluster secret like the rest of {@code /internal/}. */
    public static final String INTERNAL_PATH = "/internal/admin/stats";

    private final String nodeId;
    private final IntSupplier connections;
    private final PushMetrics pushes;
    private final LongSupplier deliveries;
    private final Consumer<BiConsumer<Integer, Long>> closes;
    private final Cluster cluster;
    private final Json json;
    private final LongSupplier clock;
    private final long started;

    /**
     * @param connections the node's logged-in connections
     * @param deliveries  push frames written to the node's connections since it started
     * @param closes      hands each close code seen so far, with its count, to its argument
     * @param clock       milliseconds since the epoch; the node's uptime counts from when this is called
     */
    public AdminStatsEndpoint(String nodeId, IntSupplier connections, PushMetrics pushes, LongSupplier deliveries,
                              Consumer<BiConsumer<Integer, Long>> closes, Cluster cluster, Json json,
                              LongSupplier clock) {
        this.nodeId = nodeId;
        this.connections = connections;
        this.pushes = pushes;
        this.deliveries = deliveries;
        this.closes = closes;
        this.cluster = cluster;
        this.json = json;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** {@link #PATH}: this node's figures, and the cluster's nodes, each with its own figures where it answered. */
    public Endpoint cluster() {
        return request -> {
            Figures self = figures();
            return cluster.nodes().handle((list, e) -> list).thenCompose(list -> {
                if (list == null) {
                    return CompletableFuture.completedFuture(ApiResponse.ok(w -> write(w, self, null)));
                }
                List<CompletableFuture<Figures>> asked = new ArrayList<>(list.size());
                for (NodeInfo node : list) {
                    asked.add(node.id().equals(nodeId) ? CompletableFuture.completedFuture(self) : ask(node));
                }
                return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> {
                    List<NodeFigures> nodes = new ArrayList<>(list.size());
                    for (int i = 0; i < list.size(); i++) {
                        nodes.add(new NodeFigures(list.get(i), asked.get(i).join()));
                    }
                    return ApiResponse.ok(w -> write(w, self, nodes));
                });
            });
        };
    }

    /** {@link #INTERNAL_PATH}: this node's figures alone, for the node whose admin page asked. */
    public Endpoint internal() {
        return request -> {
            Figures self = figures();
            return CompletableFuture.completedFuture(ApiResponse.ok(self::write));
        };
    }

    /** Another node's figures, or {@code null} where it did not answer them (in the relays' timeout). */
    private CompletableFuture<Figures> ask(NodeInfo node) {
        return cluster.ask(node.address(), INTERNAL_PATH).toCompletableFuture()
                .thenApply(this::read)
                .exceptionally(e -> null);
    }

    private Figures figures() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PushMetrics.Kind kind : PushMetrics.Kind.values()) {
            counts.put(kind.label(), pushes.count(kind));
        }
        Map<String, Long> closed = new TreeMap<>();
        closes.accept((code, count) -> closed.put(Integer.toString(code), count));
        return new Figures(nodeId, clock.getAsLong() - started, connections.getAsInt(), counts,
                deliveries.getAsLong(), closed, cluster.relayFailures(), cluster.degraded().orElse(null));
    }

    private static void write(JsonWriter w, Figures self, List<NodeFigures> nodes) {
        self.writeFields(w.raw("{"));
        w.raw(",\"nodes\":");
        if (nodes == null) {
            w.value(RawJson.NULL);
        } else {
            w.array(nodes, (item, node) -> {
                item.raw("{\"node\":").string(node.info().id())
                        .raw(",\"address\":").string(node.info().address())
                        .raw(",\"connections\":").number(node.info().connections())
                        .raw(",\"stats\":");
                if (node.figures() == null) {
                    item.value(RawJson.NULL);
                } else {
                    node.figures().write(item);
                }
                item.raw("}");
            });
        }
        w.raw("}");
    }

    /** A live node as Redis lists it, and the figures it answered ({@code null}: none in time). */
    private record NodeFigures(NodeInfo info, Figures figures) {
    }

    /**
     * One node's figures.
     *
     * @param pushes by kind label, in {@link PushMetrics.Kind}'s order
     * @param closes by close code
     */
    record Figures(String node, long uptimeMillis, int connections, Map<String, Long> pushes, long deliveries,
                   Map<String, Long> closes, long relayFailures, String degraded) {

        void write(JsonWriter w) {
            writeFields(w.raw("{"));
            w.raw("}");
        }

        void writeFields(JsonWriter w) {
            w.raw("\"node\":").string(node).raw(",\"uptimeMillis\":").number(uptimeMillis)
                    .raw(",\"connections\":").number(connections).raw(",\"pushes\":");
            counts(w, pushes);
            w.raw(",\"deliveries\":").number(deliveries).raw(",\"closes\":");
            counts(w, closes);
            w.raw(",\"relayFailures\":").number(relayFailures).raw(",\"degraded\":");
            if (degraded == null) {
                w.value(RawJson.NULL);
            } else {
                w.string(degraded);
            }
        }

        private static void counts(JsonWriter w, Map<String, Long> counts) {
            w.raw("{");
            boolean first = true;
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                w.raw(first ? "" : ",").string(count.getKey()).raw(":").number(count.getValue());
                first = false;
            }
            w.raw("}");
        }
    }

    /**
     * Reads another node's answer, {@code {"code":200,…,"data":{figures}}}. The node is one of the cluster's (it knew
     * the cluster secret), but its answer is read field by field all the same: what cannot be read as figures is
     * treated as no answer.
     */
    private Figures read(byte[] answer) {
        try {
            JsonObject data = JsonObject.parse(json, answer, 0, answer.length).optObject("data");
            if (data == null) {
                throw new IllegalStateException("not a node's figures: no data");
            }
            return new Figures(data.requireString("node"), data.optLong("uptimeMillis", 0),
                    (int) data.optLong("connections", 0), counts(data.optObject("pushes")),
                    data.optLong("deliveries", 0), counts(data.optObject("closes")), data.optLong("relayFailures", 0),
                    data.optString("degraded"));
        } catch (WireException e) {
            throw new IllegalStateException("not a node's figures: " + e.getMessage(), e);
        }
    }

    /** {@code {"name":n,…}} in the order sent; empty where absent. */
    private static Map<String, Long> counts(JsonObject object) throws WireException {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (object != null) {
            for (String name : object.fieldNames()) {
                counts.put(name, object.optLong(name, 0));
            }
        }
        return counts;
    }
}
