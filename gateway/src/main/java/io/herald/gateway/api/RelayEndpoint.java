package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.WireException;
import io.herald.route.LocalNode;
import io.herald.route.relay.RelayCodec;
import io.herald.route.relay.RelayOp;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /internal/relay}: operations another node of the cluster relays here (pushes for users and
 * connections held here, group pushes, kicks, group changes), applied to the local node in order. Answers
 * {@code {"results":[n,…]}}, one count per operation, once every push among them has been written to its
 * connections here: the relaying node's answer, and so its caller's, waits for this node's loops. The
 * cluster secret is checked before this runs.
 */
public final class RelayEndpoint implements Endpoint {

    private final Json json;
    private final LocalNode node;

    public RelayEndpoint(Json json, LocalNode node) {
        this.json = json;
        this.node = node;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        List<RelayOp> ops = RelayCodec.decode(json, request.rawBody(), request.alloc());
        return RelayOp.applyAll(ops, node).thenApply(counts -> ApiResponse.ok(w -> RelayCodec.writeResults(w, counts)));
    }
}
