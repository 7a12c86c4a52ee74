package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.WireException;
import io.herald.route.Router;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/broadcast}: a message to every member of {@code group}, or to every connection when no
 * group is given. Answers {@code {"id":…,"delivered":n}}.
 */
public final class BroadcastEndpoint implements Endpoint {

    private final Router router;
    private final MessageGate gate;

    public BroadcastEndpoint(Router router, MessageGate gate) {
        this.router = router;
        this.gate = gate;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        JsonObject body = request.body();
        String group = body.optString("group");
        if (group != null) {
            PushEndpoint.nonEmpty("group", group);
        }
        return gate.deliver(body, group, request.alloc(),
                frame -> group == null ? router.pushToAll(frame) : router.pushToGroup(group, frame));
    }
}
