package io.herald.gateway.http;

import io.herald.codec.JsonWriter;
import io.herald.codec.ReplyCode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /healthz}, on both ports: {@code {"status":"ok","node":…,"connections":n}}, or 503 with
 * {@code "status":"draining"} while the node drains (load balancers stop sending clients), or with
 * {@code "status":"degraded"} and the reason while the node cannot reach its cluster. Reads only state kept
 * in memory, so it answers on the event loop at once. Thread-safe.
 */
public final class HealthCheck {

    /** The one path of the health check, on either port. */
    public static final String PATH = "/healthz";

    private final String nodeId;
    private final IntSupplier connections;
    private final Supplier<Optional<String>> degraded;
    private final BooleanSupplier draining;

    /**
     * @param degraded why the node cannot reach its cluster now, or empty; answered 503 with the reason
     * @param draining whether the node drains
     */
    public HealthCheck(String nodeId, IntSupplier connections, Supplier<Optional<String>> degraded,
                       BooleanSupplier draining) {
        this.nodeId = nodeId;
        this.connections = connections;
        this.degraded = degraded;
        this.draining = draining;
    }

    /** A health check of a node that never drains: tests of one handler. */
    public HealthCheck(String nodeId, IntSupplier connections, Supplier<Optional<String>> degraded) {
        this(nodeId, connections, degraded, () -> false);
    }

    /** The node's health as a whole HTTP response. */
    public FullHttpResponse response(ByteBufAllocator alloc) {
        int count = connections.getAsInt();
        if (draining.getAsBoolean()) {
            return JsonResponses.response(alloc, ReplyCode.UNAVAILABLE.code(), "draining",
                    w -> body(w, "draining", count).raw("}"));
        }
        Optional<String> reason = degraded.get();
        if (reason.isEmpty()) {
            return JsonResponses.response(alloc, ReplyCode.OK.code(), ReplyCode.OK.defaultMessage(),
                    w -> body(w, "ok", count).raw("}"));
        }
        return JsonResponses.response(alloc, ReplyCode.UNAVAILABLE.code(), "degraded: " + reason.get(),
                w -> body(w, "degraded", count).raw(",\"reason\":").string(reason.get()).raw("}"));
    }

    private JsonWriter body(JsonWriter w, String status, int count) {
        return w.raw("{\"status\":").string(status).raw(",\"node\":").string(nodeId)
                .raw(",\"connections\":").number(count);
    }
}
