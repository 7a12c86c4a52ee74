package io.herald.gateway.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/drain}: the node drains, as on SIGTERM: it stops accepting clients, answers {@code /healthz}
 * with 503 {@code draining}, closes its clients with 1001 over the drain period, keeps answering the API until
 * they are gone, then stops. Answers {@code {}} at once; a second call changes nothing.
 */
public final class DrainEndpoint implements Endpoint {

    private final Runnable drain;

    public DrainEndpoint(Runnable drain) {
        this.drain = drain;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) {
        drain.run();
        return CompletableFuture.completedFuture(ApiResponse.ok(ApiResponse.EMPTY_OBJECT));
    }
}
