package io.herald.route.relay;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.ReplyCode;
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
     * any operation exists, so a malformed one yields none. See {@link RelayRequestReader}.
     *
     * @throws WireException 400 for a request that is not a relay request
     */
    public static List<RelayOp> decode(Json json, byte[] body, ByteBufAllocator alloc) throws WireException {
        return RelayRequestReader.read(json, body, alloc);
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
