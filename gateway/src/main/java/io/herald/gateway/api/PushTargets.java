package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;

import java.util.List;

/**
 * Reads who a push is for where one body may name any target: the pushes an upstream's answer lists
 * ({@code {"uid"|"uids"|"conn"|"group"|"all":true, "id"?, "data"}}). The same rules as {@code /api/push} and
 * {@code /api/broadcast}: exactly one target, names not empty, {@code uids} at most {@link PushEndpoint#MAX_UIDS}
 * and without repeats. Stateless.
 */
public final class PushTargets {

    private PushTargets() {
    }

    /**
     * The one target {@code push} names.
     *
     * @throws WireException 400 naming the field: no target, more than one, or one empty or of the wrong type
     */
    public static Publisher.Target read(JsonObject push) throws WireException {
        String uid = push.optName("uid");
        List<String> uids = push.optStringList("uids");
        String conn = push.optName("conn");
        String group = push.optName("group");
        boolean all = push.optBoolean("all");
        int targets = (uid != null ? 1 : 0) + (uids != null ? 1 : 0) + (conn != null ? 1 : 0) + (group != null ? 1 : 0)
                + (all ? 1 : 0);
        if (targets != 1) {
            throw new WireException(ReplyCode.BAD_REQUEST, (targets == 0 ? "missing" : "more than one of")
                    + " field 'uid', 'uids', 'conn', 'group' or 'all':true");
        }
        if (uid != null) {
            return new Publisher.Target.Users(List.of(PushEndpoint.nonEmpty("uid", uid)));
        }
        if (uids != null) {
            return new Publisher.Target.Users(PushEndpoint.distinct(uids));
        }
        if (conn != null) {
            return new Publisher.Target.Connection(PushEndpoint.nonEmpty("conn", conn));
        }
        if (group != null) {
            return new Publisher.Target.Group(PushEndpoint.nonEmpty("group", group));
        }
        return new Publisher.Target.All();
    }
}
