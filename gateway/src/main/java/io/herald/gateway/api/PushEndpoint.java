package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * {@code POST /api/push}: a message to one user ({@code uid}), several ({@code uids}) or one connection
 * ({@code conn}), exactly one of them, with the options of {@link PushOptions}. Answers
 * {@code {"id":…,"delivered":n}}, and {@code seq}, {@code acked} and {@code stored} where they apply.
 */
public final class PushEndpoint implements Endpoint {

    /** The most users one call may name; a larger batch is split by the caller. */
    static final int MAX_UIDS = 10_000;

    private final Publisher publisher;
    private final LongSupplier clock;

    /**
     * @param clock milliseconds since the epoch, for the expiry of stored pushes
     */
    public PushEndpoint(Publisher publisher, LongSupplier clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        JsonObject body = request.body();
        String uid = body.optName("uid");
        List<String> uids = body.optStringList("uids");
        String conn = body.optName("conn");
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
        PushOptions options = PushOptions.read(body, users != null, clock.getAsLong());
        Publisher.Target target = users != null ? new Publisher.Target.Users(users)
                : new Publisher.Target.Connection(conn);
        return publisher.publish(body, target, options, request.alloc());
    }

    static List<String> distinct(List<String> uids) throws WireException {
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
