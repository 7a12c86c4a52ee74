package io.herald.gateway.api;

import io.herald.codec.JsonWriter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * {@code GET /healthz}, on both ports: {@code {"status":"ok","node":…,"connections":n}}. Reads only
 * counters, so it answers on the event loop at once.
 */
public final class HealthCheck implements Endpoint {

    private final String nodeId;
    private final IntSupplier connections;

    public HealthCheck(String nodeId, IntSupplier connections) {
        this.nodeId = nodeId;
        this.connections = connections;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) {
        return CompletableFuture.completedFuture(status());
    }

    private ApiResponse status() {
        int count = connections.getAsInt();
        return ApiResponse.ok(w -> body(w, count));
    }

    private void body(JsonWriter w, int count) {
        w.raw("{\"status\":\"ok\",\"node\":").string(nodeId).raw(",\"connections\":").number(count).raw("}");
    }

    /** The same answer as a whole HTTP response, for the client port. */
    public FullHttpResponse httpResponse(ByteBufAllocator alloc) {
        ApiResponse status = status();
        return JsonResponses.response(alloc, status.code(), status.msg(), status.data());
    }
}
