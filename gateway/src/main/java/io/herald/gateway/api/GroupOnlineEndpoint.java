package io.herald.gateway.api;

import io.herald.codec.WireException;
import io.herald.route.RouteRegistry;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/groups/online?group=…}: the members of a group that are connected.
 */
public final class GroupOnlineEndpoint implements Endpoint {

    private final RouteRegistry routes;

    public GroupOnlineEndpoint(RouteRegistry routes) {
        this.routes = routes;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        String group = request.requireParameter("group");
        return routes.onlineMembers(group).thenApply(GroupOnlineEndpoint::response);
    }

    private static ApiResponse response(List<String> uids) {
        return ApiResponse.ok(w -> w.raw("{\"count\":").number(uids.size()).raw(",\"uids\":").strings(uids).raw("}"));
    }
}
