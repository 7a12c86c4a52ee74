package io.herald.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The JSON the client reads and writes, with jackson-core's streaming API. A frame's {@code data} is cut out of the
 * text by the parser's offsets, so that it reaches the application exactly as the node sent it. One per client;
 * used on the client's thread, and {@link #requireValue} on any (the factory is thread-safe).
 */
final class Json {

    private final JsonFactory factory = new JsonFactory();

    /** Reads a frame from the node. */
    Frame frame(String text) throws IOException {
        try (JsonParser p = factory.createParser(text)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "a frame that is not a JSON object");
            String cmd = null;
            String id = null;
            String msg = null;
            String stream = null;
            String group = null;
            String data = null;
            int code = 0;
            long seq = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "cmd" -> cmd = text(p);
                    case "id" -> id = text(p);
                    case "msg" -> msg = text(p);
                    case "stream" -> stream = text(p);
                    case "group" -> group = text(p);
                    case "code" -> code = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    case "data" -> data = raw(p, text);
                    default -> p.skipChildren();
                }
            }
            return new Frame(cmd, id, code, msg, stream, seq, group, data);
        }
    }

    /** Reads a login reply's data: conn, node, heartbeat (seconds), streams, recovered, lost. */
    Session session(String data) throws IOException {
        String conn = null;
        String node = null;
        long heartbeat = 0;
        Map<String, Position> streams = new LinkedHashMap<>();
        boolean recovered = false;
        Set<String> lost = new LinkedHashSet<>();
        if (data != null) {
            try (JsonParser p = factory.createParser(data)) {
                expect(p.nextToken() == JsonToken.START_OBJECT, "login data that is not a JSON object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "conn" -> conn = text(p);
                        case "node" -> node = text(p);
                        case "heartbeat" -> heartbeat = value.isNumeric() ? p.getLongValue() : 0;
                        case "recovered" -> recovered = value == JsonToken.VALUE_TRUE;
                        case "streams" -> readStreams(p, streams);
                        case "lost" -> readStrings(p, lost);
                        default -> p.skipChildren();
                    }
                }
            }
        }
        return new Session(conn, node, Duration.ofSeconds(Math.max(0, heartbeat)), streams, recovered, lost);
    }

    /**
     * Reads the position a join reply's data may carry, {@code {"stream":…,"epoch":…,"seq":n}}; null where it has
     * none (a node that does not send it).
     */
    Map.Entry<String, Position> joinPosition(String data) throws IOException {
        if (data == null) {
            return null;
        }
        String stream = null;
        String epoch = null;
        long seq = -1;
        try (JsonParser p = factory.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "stream" -> stream = text(p);
                    case "epoch" -> epoch = text(p);
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    default -> p.skipChildren();
                }
            }
        }
        return stream == null || epoch == null || seq < 0 ? null : Map.entry(stream, new Position(epoch, seq));
    }

    /** The {@code exp} claim of a JWT's payload (already decoded), or -1. */
    long expiry(String payload) throws IOException {
        try (JsonParser p = factory.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("exp".equals(name) && value.isNumeric()) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
        }
        return -1;
    }

    /**
     * Checks that {@code json} is exactly one JSON value, so that a command is never sent broken.
     *
     * @throws IllegalArgumentException naming the problem where it is not
     */
    void requireValue(String json) {
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("data: empty (expected: one JSON value)");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("data: more than one JSON value");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("data: not JSON: " + e.getMessage(), e);
        }
    }

    /** Writes a command: {@code {"id":…,"cmd":…}} then the fields, each a string, and {@code data} as given. */
    String command(String id, String cmd, Map<String, String> fields, String data) {
        return write(g -> {
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeStringField("cmd", cmd);
            for (Map.Entry<String, String> field : fields.entrySet()) {
                g.writeStringField(field.getKey(), field.getValue());
            }
            if (data != null) {
                g.writeFieldName("data");
                g.writeRawValue(data);
            }
        });
    }

    /** Writes a login: {@code {"id","cmd":"login","uid","token","device"?,"ordered"?,"since"?}}. */
    String login(String id, String uid, String token, String device, boolean ordered, Map<String, Position> since) {
        return write(g -> {
            g.writeStringField("id", id);
            g.writeStringField("cmd", "login");
            g.writeStringField("uid", uid);
            g.writeStringField("token", token);
            if (device != null) {
                g.writeStringField("device", device);
            }
            if (ordered) {
                g.writeBooleanField("ordered", true);
            }
            if (!since.isEmpty()) {
                g.writeObjectFieldStart("since");
                for (Map.Entry<String, Position> stream : since.entrySet()) {
                    g.writeObjectFieldStart(stream.getKey());
                    g.writeStringField("epoch", stream.getValue().epoch());
                    g.writeNumberField("seq", stream.getValue().seq());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private String write(Fields fields) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return out.toString();
    }

    private static void readStreams(JsonParser p, Map<String, Position> streams) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String stream = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String epoch = null;
            long seq = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken field = p.nextToken();
                if ("epoch".equals(name)) {
                    epoch = text(p);
                } else if ("seq".equals(name) && field == JsonToken.VALUE_NUMBER_INT) {
                    seq = Math.max(0, p.getLongValue());
                } else {
                    p.skipChildren();
                }
            }
            if (epoch != null) {
                streams.put(stream, new Position(epoch, seq));
            }
        }
    }

    private static void readStrings(JsonParser p, Set<String> into) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                into.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** The current value's JSON text, cut out of {@code source} by the parser's offsets. */
    private static String raw(JsonParser p, String source) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int end = (int) p.currentLocation().getCharOffset();
        return source.substring(start, end);
    }

    private static void expect(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException(problem);
        }
    }
}
