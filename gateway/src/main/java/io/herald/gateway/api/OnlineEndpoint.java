package io.herald.gateway.api;

import io.herald.codec.WireException;
import io.herald.route.ConnectionRoute;
import io.herald.route.RouteRegistry;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/online?uid=…}: whether a user is connected, and its connections with their nodes and
 * devices.
 */
public final class OnlineEndpoint implements Endpoint {

    private final RouteRegistry routes;

    public OnlineEndpoint(RouteRegistry routes) {
        this.routes = routes;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        String uid = request.requireParameter("uid");
        return routes.connections(uid).thenApply(OnlineEndpoint::response);
    }

    private static ApiResponse response(List<ConnectionRoute> connections) {
        return ApiResponse.ok(w -> w.raw("{\"online\":").bool(!connections.isEmpty()).raw(",\"connections\":")
                .array(connections, (item, route) -> item
                        .raw("{\"conn\":").string(route.conn())
                        .raw(",\"node\":").string(route.node())
                        .raw(",\"device\":").string(route.device())
                        .raw("}"))
                .raw("}"));
    }
}
