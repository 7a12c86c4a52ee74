package io.herald.bench.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.herald.codec.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The fields of a server frame that the client acts on, read in one streaming pass: a push
 * ({@code {"cmd":"push","id":…,"data":{"t":…}}}) or a reply
 * ({@code {"id":…,"cmd":…,"code":…,"msg":…}}). Other fields, the push's padding among them, are skipped without
 * being decoded.
 *
 * @param cmd        {@code push}, or the command a reply answers
 * @param id         the push's message id, or the reply's request id
 * @param code       a reply's code; 0 on pushes
 * @param msg        a reply's message, or null
 * @param sentMicros the send time a push's {@code data.t} carries, or -1
 */
record InboundFrame(String cmd, String id, int code, String msg, long sentMicros) {

    boolean isPush() {
        return "push".equals(cmd);
    }

    /** Reads one frame's text; throws {@link IOException} where it is not a JSON object. */
    static InboundFrame read(Json json, ByteBuf text) throws IOException {
        // The stream is both an InputStream and a DataInput; the InputStream parser is the buffered one.
        try (JsonParser p = json.factory().createParser((InputStream) new ByteBufInputStream(text))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a server frame that is not a JSON object");
            }
            String cmd = null;
            String id = null;
            int code = 0;
            String msg = null;
            long sent = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "cmd" -> cmd = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "code" -> code = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case "msg" -> msg = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "data" -> sent = value == JsonToken.START_OBJECT ? sendTime(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
            return new InboundFrame(cmd, id, code, msg, sent);
        }
    }

    /** Reads {@code t} from the data object the parser is at, skipping the rest of it. */
    private static long sendTime(JsonParser p) throws IOException {
        long sent = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean isTime = "t".equals(p.currentName());
            JsonToken value = p.nextToken();
            if (isTime && value == JsonToken.VALUE_NUMBER_INT) {
                sent = p.getLongValue();
            } else {
                p.skipChildren();
            }
        }
        return sent;
    }

    private static long skip(JsonParser p) throws IOException {
        p.skipChildren();
        return -1;
    }
}
