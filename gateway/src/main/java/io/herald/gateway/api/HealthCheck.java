package io.herald.gateway.api;

import io.herald.codec.JsonWriter;
import io.herald.codec.ReplyCode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /healthz}, on both ports: {@code {"status":"ok","node":…,"connections":n}}, or 503 with
 * {@code "status":"degraded"} and the reason while the node cannot reach its cluster. Reads only state kept
 * in memory, so it answers on the event loop at once.
 */
public final class HealthCheck implements Endpoint {

    private final String nodeId;
    private final IntSupplier connections;
    private final Supplier<Optional<String>> degraded;

    /**
     * @param degraded why the node cannot reach its cluster now, or empty; answered 503 with the reason
     */
    public HealthCheck(String nodeId, IntSupplier connections, Supplier<Optional<String>> degraded) {
        this.nodeId = nodeId;
        this.connections = connections;
        this.degraded = degraded;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) {
        return CompletableFuture.completedFuture(status());
    }

    private ApiResponse status() {
        int count = connections.getAsInt();
        Optional<String> reason = degraded.get();
        if (reason.isEmpty()) {
            return ApiResponse.ok(w -> body(w, "ok", count).raw("}"));
        }
        return new ApiResponse(ReplyCode.UNAVAILABLE.code(), "degraded: " + reason.get(),
                w -> body(w, "degraded", count).raw(",\"reason\":").string(reason.get()).raw("}"));
    }

    private JsonWriter body(JsonWriter w, String status, int count) {
        return w.raw("{\"status\":").string(status).raw(",\"node\":").string(nodeId)
                .raw(",\"connections\":").number(count);
    }

    /** The same answer as a whole HTTP response, for the client port. */
    public FullHttpResponse httpResponse(ByteBufAllocator alloc) {
        ApiResponse status = status();
        return JsonResponses.response(alloc, status.code(), status.msg(), status.data());
    }
}
