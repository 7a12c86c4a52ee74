package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.route.LocalNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Writes and reads relay requests (see the package documentation), and applies a received one to the local
 * node. Stateless.
 */
public final class RelayCodec {

    private static final CompletionStage<Integer> NONE = CompletableFuture.completedStage(0);

    private RelayCodec() {
    }

    /** Writes the operations into {@code out} and releases the frames they held. */
    static void encode(List<RelayOp> ops, ByteBuf out) {
        JsonWriter w = new JsonWriter(out);
        w.raw("{\"ops\":[");
        for (int i = 0; i < ops.size(); i++) {
            RelayOp op = ops.get(i);
            w.raw(i == 0 ? "{" : ",{");
            try {
                writeOp(w, op);
            } finally {
                if (op.frame() != null) {
                    op.frame().release();
                }
            }
            w.raw("}");
        }
        w.raw("]}");
    }

    private static void writeOp(JsonWriter w, RelayOp op) {
        if (op instanceof RelayOp.ToUsers) {
            w.raw("\"op\":\"users\",\"uids\":").strings(((RelayOp.ToUsers) op).uids());
        } else if (op instanceof RelayOp.ToConnection) {
            w.raw("\"op\":\"conn\",\"conn\":").string(((RelayOp.ToConnection) op).conn());
        } else if (op instanceof RelayOp.ToGroup) {
            w.raw("\"op\":\"group\",\"group\":").string(((RelayOp.ToGroup) op).group());
        } else if (op instanceof RelayOp.ToAll) {
            w.raw("\"op\":\"all\"");
        } else if (op instanceof RelayOp.KickUser) {
            w.raw("\"op\":\"kick-user\",\"uid\":").string(((RelayOp.KickUser) op).uid());
        } else if (op instanceof RelayOp.KickConnection) {
            w.raw("\"op\":\"kick-conn\",\"conn\":").string(((RelayOp.KickConnection) op).conn());
        } else if (op instanceof RelayOp.Join) {
            RelayOp.Join join = (RelayOp.Join) op;
            w.raw("\"op\":\"join\",\"group\":").string(join.group()).raw(",\"uid\":").string(join.uid());
        } else {
            RelayOp.Leave leave = (RelayOp.Leave) op;
            w.raw("\"op\":\"leave\",\"group\":").string(leave.group()).raw(",\"uid\":").string(leave.uid());
        }
        if (op.frame() != null) {
            w.raw(",\"frame\":");
            w.buffer().writeBytes(op.frame(), op.frame().readerIndex(), op.frame().readableBytes());
        }
    }

    /**
     * Reads a relay request and applies each operation to the local node, in order; completes with the count of
     * each, in the same order, once every delivery has been written (see {@link LocalNode}). The whole request
     * is read before any operation is applied, so a malformed one changes nothing.
     *
     * @throws WireException 400 for a request that is not a relay request
     */
    public static CompletionStage<List<Integer>> apply(Json json, byte[] body, LocalNode node,
                                                       ByteBufAllocator alloc) throws WireException {
        List<JsonObject> ops = JsonObject.parse(json, body, 0, body.length).optObjectList("ops");
        if (ops == null) {
            throw WireException.missing("ops");
        }
        List<Function<LocalNode, CompletionStage<Integer>>> actions = new ArrayList<>(ops.size());
        for (JsonObject op : ops) {
            actions.add(read(op, alloc));
        }
        List<CompletableFuture<Integer>> results = new ArrayList<>(actions.size());
        for (Function<LocalNode, CompletionStage<Integer>> action : actions) {
            results.add(action.apply(node).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Integer> counts = new ArrayList<>(results.size());
            for (CompletableFuture<Integer> result : results) {
                counts.add(result.join());
            }
            return counts;
        });
    }

    /** Reads one operation into what it does to the node, applied later. */
    private static Function<LocalNode, CompletionStage<Integer>> read(JsonObject op, ByteBufAllocator alloc)
            throws WireException {
        String kind = op.requireString("op");
        switch (kind) {
            case "users": {
                List<String> uids = requireList(op);
                return deliver(op, alloc, (node, frame) -> node.deliverToUsers(uids, frame));
            }
            case "conn": {
                String conn = op.requireString("conn");
                return deliver(op, alloc, (node, frame) -> node.deliverToConnection(conn, frame));
            }
            case "group": {
                String group = op.requireString("group");
                return deliver(op, alloc, (node, frame) -> node.deliverToGroup(group, frame));
            }
            case "all":
                return deliver(op, alloc, LocalNode::deliverToAll);
            case "kick-user": {
                String uid = op.requireString("uid");
                return node -> CompletableFuture.completedFuture(node.kickUser(uid));
            }
            case "kick-conn": {
                String conn = op.requireString("conn");
                return node -> CompletableFuture.completedFuture(node.kickConnection(conn));
            }
            case "join": {
                String group = op.requireString("group");
                String uid = op.requireString("uid");
                return node -> {
                    node.joinLocal(group, uid);
                    return NONE;
                };
            }
            case "leave": {
                String group = op.requireString("group");
                String uid = op.requireString("uid");
                return node -> {
                    node.leaveLocal(group, uid);
                    return NONE;
                };
            }
            default:
                throw new WireException(ReplyCode.BAD_REQUEST, "unknown relay op '" + kind + "'");
        }
    }

    private static List<String> requireList(JsonObject op) throws WireException {
        List<String> uids = op.optStringList("uids");
        if (uids == null) {
            throw WireException.missing("uids");
        }
        return uids;
    }

    /**
     * A delivery of the op's frame: when applied, copies the frame once into a buffer of the node's allocator
     * (direct, so that no connection's write copies it again), hands it to {@code delivery} and releases it as
     * soon as that returns, as {@link LocalNode} allows: the node has taken what it needs by then.
     */
    private static Function<LocalNode, CompletionStage<Integer>> deliver(
            JsonObject op, ByteBufAllocator alloc, BiFunction<LocalNode, ByteBuf, CompletionStage<Integer>> delivery)
            throws WireException {
        RawJson frame = op.optRaw("frame");
        if (frame == null) {
            throw WireException.missing("frame");
        }
        return node -> {
            ByteBuf bytes = alloc.buffer(frame.length());
            try {
                bytes.writeBytes(frame.asBuffer());
                return delivery.apply(node, bytes);
            } finally {
                bytes.release();
            }
        };
    }

    /** Reads the counts from a relay response: {@code {"code":200,…,"data":{"results":[…]}}}. */
    static List<Integer> results(Json json, byte[] response, int expected) throws WireException {
        JsonObject data = JsonObject.parse(json, response, 0, response.length).optObject("data");
        List<Long> counts = data == null ? null : data.optLongList("results");
        if (counts == null || counts.size() != expected) {
            throw new WireException(ReplyCode.BAD_REQUEST, "not a relay response for " + expected + " ops");
        }
        List<Integer> results = new ArrayList<>(counts.size());
        for (long count : counts) {
            results.add((int) count);
        }
        return results;
    }
}
