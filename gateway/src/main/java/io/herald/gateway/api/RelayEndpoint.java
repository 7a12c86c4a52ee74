package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.WireException;
import io.herald.route.LocalNode;
import io.herald.route.relay.RelayCodec;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /internal/relay}: operations another node of the cluster relays here (pushes for users and
 * connections held here, group pushes, kicks, group changes), applied to the local node in order. Answers
 * {@code {"results":[n,…]}}, one count per operation. The cluster secret is checked before this runs.
 */
final class RelayEndpoint implements Endpoint {

    private final Json json;
    private final LocalNode node;

    RelayEndpoint(Json json, LocalNode node) {
        this.json = json;
        this.node = node;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        List<Integer> results = RelayCodec.apply(json, request.rawBody(), node, request.alloc());
        return CompletableFuture.completedFuture(ApiResponse.ok(w -> {
            w.raw("{\"results\":[");
            for (int i = 0; i < results.size(); i++) {
                w.raw(i == 0 ? "" : ",").number(results.get(i));
            }
            w.raw("]}");
        }));
    }
}
