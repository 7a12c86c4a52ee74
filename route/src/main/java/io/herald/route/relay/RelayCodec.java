package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.codec.ReplyCode;
import io.herald.codec.StreamPosition;
import io.herald.codec.WireException;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
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
                if (op.delivery() != null) {
                    writeDelivery(w, op.delivery());
                }
                w.raw("}");
            } finally {
                RelayOp.release(op);
            }
        }
        w.raw("]}");
    }

    /** Writes a push's own fields: its id, stream position, what its acks are for, and its frame last. */
    private static void writeDelivery(JsonWriter w, Delivery delivery) {
        w.raw(",\"id\":").string(delivery.id());
        if (delivery.stream() != null) {
            w.raw(",\"stream\":").string(delivery.stream());
        }
        if (delivery.position() != null) {
            w.raw(",\"epoch\":").string(delivery.position().epoch()).raw(",\"seq\":").number(delivery.position().seq());
        }
        Delivery.Acks acks = delivery.acks();
        if (acks.awaited()) {
            w.raw(",\"await\":").number(acks.awaitMillis());
        }
        if (acks.receipt()) {
            w.raw(",\"receipt\":true");
        }
        if (acks.stored()) {
            w.raw(",\"stored\":true");
        }
        ByteBuf frame = delivery.frame();
        w.raw(",\"frame\":");
        w.buffer().writeBytes(frame, frame.readerIndex(), frame.readableBytes());
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
            case RelayOp.ToUsers.OP: {
                List<String> uids = op.optStringList("uids");
                if (uids == null) {
                    throw WireException.missing("uids");
                }
                return withFrame(op, alloc, delivery -> new RelayOp.ToUsers(uids, delivery));
            }
            case RelayOp.ToConnection.OP: {
                String conn = op.requireString("conn");
                return withFrame(op, alloc, delivery -> new RelayOp.ToConnection(conn, delivery));
            }
            case RelayOp.ToGroup.OP: {
                String group = op.requireString("group");
                return withFrame(op, alloc, delivery -> new RelayOp.ToGroup(group, delivery));
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

    /** How an operation is made from its push, once the push is read. */
    @FunctionalInterface
    private interface DeliveryOp {
        RelayOp with(Delivery delivery) throws WireException;
    }

    /** Reads the push an operation carries, its frame copied once into a buffer the operation then owns. */
    private static RelayOp withFrame(JsonObject op, ByteBufAllocator alloc, DeliveryOp make) throws WireException {
        RawJson raw = op.optRaw("frame");
        if (raw == null) {
            throw WireException.missing("frame");
        }
        String id = op.requireString("id");
        String stream = op.optString("stream");
        String epoch = op.optString("epoch");
        long seq = op.optLong("seq", -1);
        StreamPosition position = epoch == null || seq < 0 ? null : new StreamPosition(epoch, seq);
        Delivery.Acks acks = new Delivery.Acks(Math.max(0, op.optLong("await", 0)), op.optBoolean("receipt"),
                op.optBoolean("stored"));
        ByteBuf frame = alloc.buffer(raw.length());
        try {
            frame.writeBytes(raw.asBuffer());
            return make.with(new Delivery(id, stream, position, frame, acks));
        } catch (WireException | RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /**
     * Writes the answer to a relay request, the {@code data} of the response: {@code {"results":[n,…],
     * "acked":[n,…]}}, the connections each operation wrote (or closed) and, for awaited pushes, that acked.
     */
    public static void writeResults(JsonWriter w, List<Delivered> results) {
        w.raw("{\"results\":").array(results, (item, d) -> item.number(d.written()))
                .raw(",\"acked\":").array(results, (item, d) -> item.number(d.acked())).raw("}");
    }

    /** Reads the results from a relay response: {@code {"code":200,…,"data":{"results":[…],"acked":[…]}}}. */
    static List<Delivered> results(Json json, byte[] response, int expected) throws WireException {
        JsonObject data = JsonObject.parse(json, response, 0, response.length).optObject("data");
        List<Long> written = data == null ? null : data.optLongList("results");
        List<Long> acked = data == null ? null : data.optLongList("acked");
        if (written == null || written.size() != expected || acked != null && acked.size() != expected) {
            throw new WireException(ReplyCode.BAD_REQUEST, "not a relay response for " + expected + " ops");
        }
        List<Delivered> results = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            results.add(new Delivered((int) (long) written.get(i), acked == null ? 0 : (int) (long) acked.get(i)));
        }
        return results;
    }
}
