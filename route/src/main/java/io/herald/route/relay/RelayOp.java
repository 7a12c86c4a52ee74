package io.herald.route.relay;

import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.WireException;
import io.herald.route.LocalNode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One operation relayed to another node: what it is called on the wire ({@link #op()}), the fields it writes
 * there, and what it does to the node that receives it. Operations that carry a frame hold their own reference
 * to it, released by whoever holds the operation once the bytes are sent ({@link RelayCodec#encode}) or
 * applied ({@link #applyAll}).
 */
public sealed interface RelayOp {

    /** The operation's name in the request's {@code op} field. */
    String op();

    /** The frame this operation carries, or {@code null}. */
    default ByteBuf frame() {
        return null;
    }

    /** Writes the operation's own fields (after {@code "op"}, before {@code "frame"}). */
    void writeFields(JsonWriter w);

    /** Applies the operation to the node that received it; completes with its count. */
    CompletionStage<Integer> applyTo(LocalNode node);

    /**
     * Applies operations in order; completes with the count of each, in the same order, once every delivery has
     * been written (see {@link LocalNode}). Releases the operations' frames before it returns: the node has
     * taken what it needs of them by then.
     */
    static CompletionStage<List<Integer>> applyAll(List<RelayOp> ops, LocalNode node) {
        List<CompletableFuture<Integer>> results = new ArrayList<>(ops.size());
        try {
            for (RelayOp op : ops) {
                results.add(op.applyTo(node).toCompletableFuture());
            }
        } finally {
            ops.forEach(RelayOp::release);
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Integer> counts = new ArrayList<>(results.size());
            results.forEach(result -> counts.add(result.join()));
            return counts;
        });
    }

    /** Releases the frame this operation holds, if any. */
    static void release(RelayOp op) {
        if (op.frame() != null) {
            op.frame().release();
        }
    }

    /** A push to every local connection of these users. */
    record ToUsers(List<String> uids, ByteBuf frame) implements RelayOp {
        public static final String OP = "users";

        static ToUsers read(JsonObject op, ByteBuf frame) throws WireException {
            List<String> uids = op.optStringList("uids");
            if (uids == null) {
                throw WireException.missing("uids");
            }
            return new ToUsers(uids, frame);
        }

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
            w.raw(",\"uids\":").strings(uids);
        }

        @Override
        public CompletionStage<Integer> applyTo(LocalNode node) {
            return node.deliverToUsers(uids, frame);
        }
    }

    /** A push to one local connection. */
    record ToConnection(String conn, ByteBuf frame) implements RelayOp {
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
        public CompletionStage<Integer> applyTo(LocalNode node) {
            return node.deliverToConnection(conn, frame);
        }
    }

    /** A push to the local members of a group. */
    record ToGroup(String group, ByteBuf frame) implements RelayOp {
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
        public CompletionStage<Integer> applyTo(LocalNode node) {
            return node.deliverToGroup(group, frame);
        }
    }

    /** A push to every local connection. */
    record ToAll(ByteBuf frame) implements RelayOp {
        public static final String OP = "all";

        @Override
        public String op() {
            return OP;
        }

        @Override
        public void writeFields(JsonWriter w) {
        }

        @Override
        public CompletionStage<Integer> applyTo(LocalNode node) {
            return node.deliverToAll(frame);
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
        public CompletionStage<Integer> applyTo(LocalNode node) {
            return CompletableFuture.completedFuture(node.kickUser(uid));
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
        public CompletionStage<Integer> applyTo(LocalNode node) {
            return CompletableFuture.completedFuture(node.kickConnection(conn));
        }
    }

    /** Puts a user with connections here in a group. */
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
        public CompletionStage<Integer> applyTo(LocalNode node) {
            node.joinLocal(group, uid);
            return CompletableFuture.completedFuture(0);
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
        public CompletionStage<Integer> applyTo(LocalNode node) {
            node.leaveLocal(group, uid);
            return CompletableFuture.completedFuture(0);
        }
    }
}
