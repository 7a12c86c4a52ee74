package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.WireException;
import io.herald.route.Router;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/groups/join} and {@code /api/groups/leave}: {@code {"group":…,"uid":…}}. Membership is per
 * user: it covers all of the user's connections, and outlives them, so a user who reconnects is in its groups
 * again. Answers {@code {}}.
 */
public final class GroupMembershipEndpoint implements Endpoint {

    private final Router router;
    private final boolean join;

    private GroupMembershipEndpoint(Router router, boolean join) {
        this.router = router;
        this.join = join;
    }

    public static GroupMembershipEndpoint join(Router router) {
        return new GroupMembershipEndpoint(router, true);
    }

    public static GroupMembershipEndpoint leave(Router router) {
        return new GroupMembershipEndpoint(router, false);
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        JsonObject body = request.body();
        String group = body.requireName("group");
        String uid = body.requireName("uid");
        CompletionStage<Boolean> done = join ? router.join(group, uid) : router.leave(group, uid);
        return done.thenApply(changed -> ApiResponse.ok(ApiResponse.EMPTY_OBJECT));
    }
}
