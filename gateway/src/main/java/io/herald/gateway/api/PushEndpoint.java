package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.route.Router;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/push}: a message to one user ({@code uid}), several ({@code uids}) or one connection
 * ({@code conn}), exactly one of them. Answers {@code {"id":…,"delivered":n}}.
 */
public final class PushEndpoint implements Endpoint {

    /** The most users one call may name; a larger batch is split by the caller. */
    static final int MAX_UIDS = 10_000;

    private final Router router;
    private final MessageGate gate;

    public PushEndpoint(Router router, MessageGate gate) {
        this.router = router;
        this.gate = gate;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        JsonObject body = request.body();
        String uid = body.optString("uid");
        List<String> uids = body.optStringList("uids");
        String conn = body.optString("conn");
        int targets = (uid != null ? 1 : 0) + (uids != null ? 1 : 0) + (conn != null ? 1 : 0);
        if (targets == 0) {
            throw new WireException(ReplyCode.BAD_REQUEST, "missing field 'uid', 'uids' or 'conn'");
        }
        if (targets > 1) {
            throw new WireException(ReplyCode.BAD_REQUEST, "only one of 'uid', 'uids' and 'conn' may be set");
        }
        List<String> users = uid != null ? List.of(nonEmpty("uid", uid)) : uids == null ? null : distinct(uids);
        if (conn != null) {
            nonEmpty("conn", conn);
        }
        return gate.deliver(body, null, request.alloc(), frame -> send(users, conn, frame));
    }

    private CompletionStage<Integer> send(List<String> users, String conn, ByteBuf frame) {
        return users != null ? router.pushToUsers(users, frame) : router.pushToConnection(conn, frame);
    }

    private static List<String> distinct(List<String> uids) throws WireException {
        if (uids.isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field 'uids' must not be empty");
        }
        if (uids.size() > MAX_UIDS) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field 'uids' must have at most " + MAX_UIDS + " entries");
        }
        return new ArrayList<>(new LinkedHashSet<>(uids));
    }

    static String nonEmpty(String field, String value) throws WireException {
        if (value.isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field '" + field + "' must not be empty");
        }
        return value;
    }
}
