package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads relay requests and their answers (see the package documentation). Stateless.
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
            try {
                w.raw(i == 0 ? "{\"op\":" : ",{\"op\":").string(op.op());
                op.writeFields(w);
                if (op.frame() != null) {
                    w.raw(",\"frame\":");
                    out.writeBytes(op.frame(), op.frame().readerIndex(), op.frame().readableBytes());
                }
                w.raw("}");
            } finally {
                RelayOp.release(op);
            }
        }
        w.raw("]}");
    }

    /**
     * Reads a relay request into its operations, each frame copied once into a buffer of {@code alloc} (direct,
     * so that no connection's write copies it again) that the operation holds. The whole request is read before
     * any operation exists, so a malformed one yields none.
     *
     * @throws WireException 400 for a request that is not a relay request
     */
    public static List<RelayOp> decode(Json json, byte[] body, ByteBufAllocator alloc) throws WireException {
        List<JsonObject> objects = JsonObject.parse(json, body, 0, body.length).optObjectList("ops");
        if (objects == null) {
            throw WireException.missing("ops");
        }
        for (JsonObject object : objects) {
            object.requireString("op");
        }
        List<RelayOp> ops = new ArrayList<>(objects.size());
        try {
            for (JsonObject object : objects) {
                ops.add(read(object, alloc));
            }
        } catch (WireException | RuntimeException e) {
            ops.forEach(RelayOp::release);
            throw e;
        }
        return ops;
    }

    private static RelayOp read(JsonObject op, ByteBufAllocator alloc) throws WireException {
        String kind = op.requireString("op");
        switch (kind) {
            case RelayOp.ToUsers.OP:
                return withFrame(op, alloc, frame -> RelayOp.ToUsers.read(op, frame));
            case RelayOp.ToConnection.OP: {
                String conn = op.requireString("conn");
                return withFrame(op, alloc, frame -> new RelayOp.ToConnection(conn, frame));
            }
            case RelayOp.ToGroup.OP: {
                String group = op.requireString("group");
                return withFrame(op, alloc, frame -> new RelayOp.ToGroup(group, frame));
            }
            case RelayOp.ToAll.OP:
                return withFrame(op, alloc, RelayOp.ToAll::new);
            case RelayOp.KickUser.OP:
                return new RelayOp.KickUser(op.requireString("uid"));
            case RelayOp.KickConnection.OP:
                return new RelayOp.KickConnection(op.requireString("conn"));
            case RelayOp.Join.OP:
                return new RelayOp.Join(op.requireString("group"), op.requireString("uid"));
            case RelayOp.Leave.OP:
                return new RelayOp.Leave(op.requireString("group"), op.requireString("uid"));
            default:
                throw new WireException(ReplyCode.BAD_REQUEST, "unknown relay op '" + kind + "'");
        }
    }

    /** How an operation is made from its frame, once the frame is read. */
    @FunctionalInterface
    private interface FrameOp {
        RelayOp with(ByteBuf frame) throws WireException;
    }

    private static RelayOp withFrame(JsonObject op, ByteBufAllocator alloc, FrameOp make) throws WireException {
        RawJson raw = op.optRaw("frame");
        if (raw == null) {
            throw WireException.missing("frame");
        }
        ByteBuf frame = alloc.buffer(raw.length());
        try {
            frame.writeBytes(raw.asBuffer());
            return make.with(frame);
        } catch (WireException | RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /** Writes the answer to a relay request: {@code {"results":[n,…]}}, the {@code data} of the response. */
    public static void writeResults(JsonWriter w, List<Integer> counts) {
        w.raw("{\"results\":").array(counts, (item, n) -> item.number(n)).raw("}");
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
