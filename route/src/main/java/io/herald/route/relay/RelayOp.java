package io.herald.route.relay;

import io.herald.codec.JsonWriter;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.herald.route.LocalNode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One operation relayed to another node: what it is called on the wire ({@link #op()}), the fields it writes
 * there, and what it does to the node that receives it. A push holds its own reference to its delivery's frame,
 * released by whoever holds the operation once the bytes are sent ({@link RelayCodec#encode}) or applied
 * ({@link #applyAll}).
 */
public sealed interface RelayOp {

    /** The operation's name in the request's {@code op} field. */
    String op();

    /** The push this operation carries, or {@code null}. */
    default Delivery delivery() {
        return null;
    }

    /** Writes the operation's own fields (after {@code "op"}, before the push's). */
    void writeFields(JsonWriter w);

    /** Applies the operation to the node that received it. */
    CompletionStage<Delivered> applyTo(LocalNode node);

    /**
     * Applies operations in order; completes with what each did, in the same order, once every delivery has been
     * written (and its acks awaited, where they are; see {@link LocalNode}). Releases the operations' frames
     * before it returns: the node has taken what it needs of them by then.
     */
    static CompletionStage<List<Delivered>> applyAll(List<RelayOp> ops, LocalNode node) {
        List<CompletableFuture<Delivered>> results = new ArrayList<>(ops.size());
        try {
            for (RelayOp op : ops) {
                results.add(op.applyTo(node).toCompletableFuture());
            }
        } finally {
            ops.forEach(RelayOp::release);
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Delivered> done = new ArrayList<>(results.size());
            results.forEach(result -> done.add(result.join()));
            return done;
        });
    }

    /** Releases the frame this operation holds, if any. */
    static void release(RelayOp op) {
        if (op.delivery() != null) {
            op.delivery().frame().release();
        }
    }

    /** A count of closed connections as what an operation did. */
    private static CompletionStage<Delivered> closed(int n) {
        return CompletableFuture.completedFuture(new Delivered(n, 0));
    }

    /** A push to every local connection of these users, all of them the same push. */
    record ToUsers(List<String> uids, Delivery delivery) implements RelayOp {
        public static final String OP = "users";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"uids\":").strings(uids);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            Map<String, Delivery> byUser = new LinkedHashMap<>();
            uids.forEach(uid -> byUser.put(uid, delivery));
            return node.deliverToUsers(byUser);
        }
    }

    /** A push to one local connection. */
    record ToConnection(String conn, Delivery delivery) implements RelayOp {
        public static final String OP = "conn";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"conn\":").string(conn);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            return node.deliverToConnection(conn, delivery);
        }
    }

    /** A push to the local members of a group. */
    record ToGroup(String group, Delivery delivery) implements RelayOp {
        public static final String OP = "group";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"group\":").string(group);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            return node.deliverToGroup(group, delivery);
        }
    }

    /** A push to every local connection. */
    record ToAll(Delivery delivery) implements RelayOp {
        public static final String OP = "all";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            return node.deliverToAll(delivery);
        }
    }

    /** Closes every local connection of a user with 4003. */
    record KickUser(String uid) implements RelayOp {
        public static final String OP = "kick-user";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"uid\":").string(uid);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            return closed(node.kickUser(uid));
        }
    }

    /** Closes one local connection with 4003. */
    record KickConnection(String conn) implements RelayOp {
        public static final String OP = "kick-conn";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"conn\":").string(conn);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            return closed(node.kickConnection(conn));
        }
    }

    /** Closes one local connection with 4010: a newer connection of its user took its place. */
    record ReplaceConnection(String conn) implements RelayOp {
        public static final String OP = "replace-conn";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"conn\":").string(conn);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            return closed(node.replaceConnection(conn));
        }
    }

    /**
     * Puts a user with connections here in a group; done once those connections know where they start in the
     * group's stream ({@link LocalNode#joinLocal}).
     */
    record Join(String group, String uid) implements RelayOp {
        public static final String OP = "join";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"group\":").string(group).raw(",\"uid\":").string(uid);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            return node.joinLocal(group, uid).thenApply(v -> Delivered.NONE);
        }
    }

    /** Takes a user with connections here out of a group. */
    record Leave(String group, String uid) implements RelayOp {
        public static final String OP = "leave";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"group\":").string(group).raw(",\"uid\":").string(uid);
        }

        @Override
        public CompletionStage<Delivered> applyTo(LocalNode node) {
            node.leaveLocal(group, uid);
            return closed(0);
        }
    }
}
