package io.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes the frames the server sends a client, other than pushes ({@link PushMessage}): replies to
 * commands. Each method returns a new buffer holding one JSON object; the caller owns it. Thread-safe.
 *
 * <p>Reply shape: {@code {"id":"1","cmd":"login","code":200,"msg":"ok","data":{...}}}, where {@code id} and
 * {@code cmd} are left out when unknown (a frame too malformed to read them) and {@code data} when empty.
 */
public final class ServerFrames {

    private static final int REPLY_SIZE_HINT = 96;

    private final ByteBufAllocator alloc;

    public ServerFrames(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    public ByteBuf ok(String id, String cmd) {
        return reply(id, cmd, ReplyCode.OK.code(), ReplyCode.OK.defaultMessage(), null);
    }

    public ByteBuf error(String id, String cmd, ReplyCode code, String msg) {
        return reply(id, cmd, code.code(), msg, null);
    }

    public ByteBuf error(WireException e) {
        return reply(e.id(), e.cmd(), e.code().code(), e.getMessage(), null);
    }

    /** The reply to a successful login on a node whose streams are off. */
    public ByteBuf loginOk(String id, String conn, String node, long heartbeatSeconds) {
        return loginOk(id, conn, node, heartbeatSeconds, null, true, java.util.List.of());
    }

    /**
     * The reply to a successful login: {@code data} has the connection id, the node, the heartbeat interval and,
     * where streams are on, the current position of each stream the connection receives ({@code streams}),
     * whether every stream of {@code since} was recovered whole ({@code recovered}) and which were not
     * ({@code lost}, left out when empty).
     *
     * @param streams the positions, or {@code null} where the node has no streams (off, or unreachable)
     */
    public ByteBuf loginOk(String id, String conn, String node, long heartbeatSeconds,
                           java.util.Map<String, StreamPosition> streams, boolean recovered,
                           java.util.List<String> lost) {
        int streamsHint = streams == null ? 0 : streams.size() * 64;
        ByteBuf buf = alloc.buffer(REPLY_SIZE_HINT + conn.length() + node.length() + streamsHint);
        JsonWriter w = new JsonWriter(buf);
        head(w, id, ClientCommand.Login.CMD, ReplyCode.OK.code(), ReplyCode.OK.defaultMessage());
        w.raw(",\"data\":{\"conn\":").string(conn)
                .raw(",\"node\":").string(node)
                .raw(",\"heartbeat\":").number(heartbeatSeconds);
        if (streams != null) {
            w.raw(",\"streams\":{");
            boolean first = true;
            for (java.util.Map.Entry<String, StreamPosition> e : streams.entrySet()) {
                w.raw(first ? "" : ",").string(e.getKey()).raw(":{\"epoch\":").string(e.getValue().epoch())
                        .raw(",\"seq\":").number(e.getValue().seq()).raw("}");
                first = false;
            }
            w.raw("}");
        }
        w.raw(",\"recovered\":").bool(recovered);
        if (!lost.isEmpty()) {
            w.raw(",\"lost\":").strings(lost);
        }
        w.raw("}}");
        return buf;
    }

    /**
     * The reply to a successful {@code join}: {@code data} is where the connection starts in the group's stream,
     * {@code {"stream":…,"epoch":…,"seq":n}}, in that order.
     */
    public ByteBuf joinOk(String id, String stream, StreamPosition position) {
        ByteBuf buf = alloc.buffer(REPLY_SIZE_HINT + stream.length() + position.epoch().length() + 48);
        JsonWriter w = new JsonWriter(buf);
        head(w, id, ClientCommand.Join.CMD, ReplyCode.OK.code(), ReplyCode.OK.defaultMessage());
        w.raw(",\"data\":{\"stream\":").string(stream)
                .raw(",\"epoch\":").string(position.epoch())
                .raw(",\"seq\":").number(position.seq())
                .raw("}}");
        return buf;
    }

    /** Any reply; {@code data} may be null to leave it out. */
    public ByteBuf reply(String id, String cmd, int code, String msg, RawJson data) {
        ByteBuf buf = alloc.buffer(REPLY_SIZE_HINT + (data == null ? 0 : data.length()));
        JsonWriter w = new JsonWriter(buf);
        head(w, id, cmd, code, msg);
        if (data != null) {
            w.raw(",\"data\":").value(data);
        }
        w.raw("}");
        return buf;
    }

    private static void head(JsonWriter w, String id, String cmd, int code, String msg) {
        w.raw("{");
        if (id != null) {
            w.raw("\"id\":").string(id).raw(",");
        }
        if (cmd != null) {
            w.raw("\"cmd\":").string(cmd).raw(",");
        }
        w.raw("\"code\":").number(code).raw(",\"msg\":").string(msg);
    }
}
