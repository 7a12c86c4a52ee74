package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.route.Router;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/kick}: closes every connection of {@code uid}, or the one connection {@code conn}, with
 * close code 4003. Answers {@code {"closed":n}}.
 */
public final class KickEndpoint implements Endpoint {

    private final Router router;

    public KickEndpoint(Router router) {
        this.router = router;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        JsonObject body = request.body();
        String uid = body.optName("uid");
        String conn = body.optName("conn");
        if ((uid == null) == (conn == null)) {
            throw new WireException(ReplyCode.BAD_REQUEST, uid == null
                    ? "missing field 'uid' or 'conn'" : "only one of 'uid' and 'conn' may be set");
        }
        CompletionStage<Integer> closed = uid != null
                ? router.kickUser(PushEndpoint.nonEmpty("uid", uid))
                : router.kickConnection(PushEndpoint.nonEmpty("conn", conn));
        return closed.thenApply(n -> ApiResponse.ok(w -> w.raw("{\"closed\":").number(n).raw("}")));
    }
}
