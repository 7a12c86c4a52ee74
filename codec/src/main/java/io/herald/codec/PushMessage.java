package io.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * A push as the server sends it: {@code {"cmd":"push","id":"m-1","stream":"user:alice","seq":42,"group":"room1",
 * "data":...}}, where {@code stream} and {@code seq} are present when the push was accepted on a stream
 * ({@link #encode(ByteBufAllocator, long)}) and {@code group} on group pushes only. It is encoded once; every
 * connection that receives it is written a retained duplicate of the same bytes.
 *
 * <p>A frame with a seq is its {@linkplain #seqHead() head}, the seq in decimal, and its {@linkplain #seqTail()
 * tail}: a store that hands out seqs (a Redis script) can build the very bytes this class builds.
 *
 * @param id     the message id, also the idempotency key
 * @param stream the stream it belongs to ({@code user:alice}, {@code group:room1}, {@code all}), or {@code null}
 *               for a push to one connection
 * @param group  the group it was sent to, or {@code null} for a push to users, connections or everyone
 * @param data   the payload, any JSON value
 */
public record PushMessage(String id, String stream, String group, RawJson data) {

    private static final int FRAME_OVERHEAD = 64;

    public PushMessage {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id: " + id + " (expected: a non-empty string)");
        }
        if (data == null) {
            throw new IllegalArgumentException("data: null (expected: a JSON value)");
        }
    }

    /** A push on no stream: to one connection, or one sent while streams are off or unavailable. */
    public PushMessage(String id, String group, RawJson data) {
        this(id, null, group, data);
    }

    /** The stream of a user's pushes. */
    public static String userStream(String uid) {
        return "user:" + uid;
    }

    /** The stream of a group's pushes. */
    public static String groupStream(String group) {
        return "group:" + group;
    }

    /** The stream of broadcasts to everyone. */
    public static final String ALL_STREAM = "all";

    /** Encodes the frame without stream and seq into a new buffer that the caller owns. */
    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(sizeHint());
        JsonWriter w = new JsonWriter(buf);
        w.raw("{\"cmd\":\"push\",\"id\":").string(id);
        writeTail(w);
        return buf;
    }

    /** Encodes the frame with its stream and {@code seq} into a new buffer that the caller owns. */
    public ByteBuf encode(ByteBufAllocator alloc, long seq) {
        requireStream();
        ByteBuf buf = alloc.buffer(sizeHint() + stream.length() + 20);
        writeHead(new JsonWriter(buf));
        buf.writeCharSequence(Long.toString(seq), StandardCharsets.US_ASCII);
        writeTail(new JsonWriter(buf));
        return buf;
    }

    /** The bytes of the frame up to its seq: {@code {"cmd":"push","id":…,"stream":…,"seq":}. */
    public byte[] seqHead() {
        requireStream();
        ByteBuf buf = Unpooled.buffer(32 + id.length() + stream.length());
        writeHead(new JsonWriter(buf));
        return bytes(buf);
    }

    /** The bytes of the frame after its seq: {@code ,"group":…,"data":…}}. */
    public byte[] seqTail() {
        ByteBuf buf = Unpooled.buffer(sizeHint());
        writeTail(new JsonWriter(buf));
        return bytes(buf);
    }

    private void writeHead(JsonWriter w) {
        w.raw("{\"cmd\":\"push\",\"id\":").string(id).raw(",\"stream\":").string(stream).raw(",\"seq\":");
    }

    private void writeTail(JsonWriter w) {
        if (group != null) {
            w.raw(",\"group\":").string(group);
        }
        w.raw(",\"data\":").value(data).raw("}");
    }

    private int sizeHint() {
        return FRAME_OVERHEAD + id.length() + (group == null ? 0 : group.length()) + data.length();
    }

    private void requireStream() {
        if (stream == null) {
            throw new IllegalStateException("push " + id + " is on no stream");
        }
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
