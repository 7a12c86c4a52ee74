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

/**
 * Writes and reads relay requests (see the package documentation), and applies a received one to the local
 * node. Stateless.
 */
public final class RelayCodec {

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
            w.raw("\"op\":\"users\",\"uids\":[");
            List<String> uids = ((RelayOp.ToUsers) op).uids();
            for (int i = 0; i < uids.size(); i++) {
                w.raw(i == 0 ? "" : ",").string(uids.get(i));
            }
            w.raw("]");
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
     * Reads a relay request and applies each operation to the local node, in order; returns the count of each.
     *
     * @throws WireException 400 for a request that is not a relay request
     */
    public static List<Integer> apply(Json json, byte[] body, LocalNode node, ByteBufAllocator alloc)
            throws WireException {
        List<JsonObject> ops = JsonObject.parse(json, body, 0, body.length).optObjectList("ops");
        if (ops == null) {
            throw WireException.missing("ops");
        }
        List<Integer> results = new ArrayList<>(ops.size());
        for (JsonObject op : ops) {
            results.add(applyOne(op, node, alloc));
        }
        return results;
    }

    private static int applyOne(JsonObject op, LocalNode node, ByteBufAllocator alloc) throws WireException {
        String kind = op.requireString("op");
        switch (kind) {
            case "users":
                return deliver(op, alloc, frame -> node.deliverToUsers(requireList(op), frame));
            case "conn":
                return deliver(op, alloc, frame -> node.deliverToConnection(op.requireString("conn"), frame));
            case "group":
                return deliver(op, alloc, frame -> node.deliverToGroup(op.requireString("group"), frame));
            case "all":
                return deliver(op, alloc, node::deliverToAll);
            case "kick-user":
                return node.kickUser(op.requireString("uid"));
            case "kick-conn":
                return node.kickConnection(op.requireString("conn"));
            case "join":
                node.joinLocal(op.requireString("group"), op.requireString("uid"));
                return 0;
            case "leave":
                node.leaveLocal(op.requireString("group"), op.requireString("uid"));
                return 0;
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

    @FunctionalInterface
    private interface Delivery {
        int deliver(ByteBuf frame) throws WireException;
    }

    /**
     * Copies the frame once into a buffer of the node's allocator (direct, so that no connection's write copies
     * it again), hands it to {@code delivery}, which writes retained duplicates, and releases it.
     */
    private static int deliver(JsonObject op, ByteBufAllocator alloc, Delivery delivery) throws WireException {
        RawJson frame = op.optRaw("frame");
        if (frame == null) {
            throw WireException.missing("frame");
        }
        ByteBuf bytes = alloc.buffer(frame.length());
        try {
            bytes.writeBytes(frame.asBuffer());
            return delivery.deliver(bytes);
        } finally {
            bytes.release();
        }
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
