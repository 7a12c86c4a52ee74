package io.herald.gateway.api;

import io.herald.route.Cluster;
import io.herald.route.NodeInfo;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/nodes}: the live nodes of the cluster and how many connections each holds.
 */
public final class NodesEndpoint implements Endpoint {

    private final Cluster cluster;

    public NodesEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) {
        return cluster.nodes().thenApply(NodesEndpoint::response);
    }

    private static ApiResponse response(List<NodeInfo> nodes) {
        return ApiResponse.ok(w -> w.raw("{\"nodes\":").array(nodes, (item, node) -> item
                .raw("{\"node\":").string(node.id())
                .raw(",\"address\":").string(node.address())
                .raw(",\"connections\":").number(node.connections())
                .raw("}")).raw("}"));
    }
}
