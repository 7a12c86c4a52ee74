package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.WireException;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/broadcast}: a message to every member of {@code group}, on the group's stream, or to every
 * connection when no group is given, on the {@code all} stream. Answers {@code {"id":…,"delivered":n,"seq":n}}.
 */
public final class BroadcastEndpoint implements Endpoint {

    private final Publisher publisher;

    public BroadcastEndpoint(Publisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        JsonObject body = request.body();
        String group = body.optName("group");
        if (group != null) {
            PushEndpoint.nonEmpty("group", group);
        }
        Publisher.Target target = group == null ? new Publisher.Target.All() : new Publisher.Target.Group(group);
        return publisher.publish(body, target, PushOptions.NONE, request.alloc());
    }
}
