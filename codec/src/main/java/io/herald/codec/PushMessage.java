package io.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A push as the server sends it: {@code {"cmd":"push","id":"m-1","group":"room1","data":...}}, where
 * {@code group} is present on group and broadcast pushes only. It is {@linkplain #encode encoded once}; every
 * connection that receives it is written a retained duplicate of the same bytes.
 *
 * @param id    the message id, also the idempotency key
 * @param group the group it was sent to, or {@code null} for a push to users or connections, or to everyone
 * @param data  the payload, any JSON value
 */
public record PushMessage(String id, String group, RawJson data) {

    private static final int FRAME_OVERHEAD = 48;

    public PushMessage {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id: " + id + " (expected: a non-empty string)");
        }
        if (data == null) {
            throw new IllegalArgumentException("data: null (expected: a JSON value)");
        }
    }

    /** Encodes the frame's JSON text into a new buffer that the caller owns. */
    public ByteBuf encode(ByteBufAllocator alloc) {
        int size = FRAME_OVERHEAD + id.length() + (group == null ? 0 : group.length()) + data.length();
        ByteBuf buf = alloc.buffer(size);
        JsonWriter w = new JsonWriter(buf);
        w.raw("{\"cmd\":\"push\",\"id\":").string(id);
        if (group != null) {
            w.raw(",\"group\":").string(group);
        }
        w.raw(",\"data\":").value(data).raw("}");
        return buf;
    }
}
