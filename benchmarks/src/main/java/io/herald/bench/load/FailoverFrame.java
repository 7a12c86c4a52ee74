package io.herald.bench.load;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.StreamPosition;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a failover client reads from a server frame: a push
 * ({@code {"cmd":"push","id":…,"stream":…,"seq":…,"data":{"t":…}}}), or a reply, the login's with its
 * {@code data}: {@code node}, {@code streams}, {@code recovered} and {@code lost}. Read with the codec's
 * {@link JsonObject}: a failover run's frames come at the pace of its pushes, not of a broadcast, so the client
 * reads them all the plain way.
 *
 * @param cmd        {@code push}, or the command a reply answers
 * @param id         the push's message id, or the reply's request id
 * @param code       a reply's code; 0 on pushes
 * @param msg        a reply's message, or null
 * @param stream     a push's stream, or null
 * @param seq        a push's seq, or -1
 * @param sentMicros the send time a push's {@code data.t} carries, or -1
 * @param node       the node a login reply names, or null
 * @param streams    a login reply's positions; empty otherwise
 * @param recovered  a login reply's {@code recovered}
 * @param lost       a login reply's {@code lost}; empty otherwise
 * @param text       a reply as it came, for the run's account of a client's logins; null for a push
 */
record FailoverFrame(String cmd, String id, int code, String msg, String stream, long seq, long sentMicros,
                     String node, Map<String, StreamPosition> streams, boolean recovered, List<String> lost,
                     String text) {

    boolean isPush() {
        return "push".equals(cmd);
    }

    boolean isLogin() {
        return "login".equals(cmd);
    }

    /** Reads one frame's text; throws {@link WireException} where it is not the JSON the protocol says. */
    static FailoverFrame read(Json json, ByteBuf content) throws WireException {
        byte[] bytes = ByteBufUtil.getBytes(content);
        JsonObject frame = JsonObject.parse(json, bytes, 0, bytes.length);
        String cmd = frame.optString("cmd");
        JsonObject data = frame.optObject("data");
        if ("push".equals(cmd)) {
            return new FailoverFrame(cmd, frame.optString("id"), 0, null, frame.optString("stream"),
                    frame.optLong("seq", -1), data == null ? -1 : data.optLong("t", -1), null, Map.of(), false,
                    List.of(), null);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int code = (int) frame.optLong("code", 0);
        if (data == null) {
            return new FailoverFrame(cmd, frame.optString("id"), code, frame.optString("msg"), null, -1, -1, null,
                    Map.of(), false, List.of(), text);
        }
        List<String> lost = data.optStringList("lost");
        return new FailoverFrame(cmd, frame.optString("id"), code, frame.optString("msg"), null, -1, -1,
                data.optString("node"), data.optPositions("streams"), data.optBoolean("recovered"),
                lost == null ? List.of() : List.copyOf(lost), text);
    }
}
