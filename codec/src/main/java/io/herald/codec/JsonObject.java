package io.herald.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level fields of one JSON object, read with typed getters that fail with a {@link WireException}
 * naming the field. Strings are kept as strings and booleans as booleans; numbers, arrays and objects are
 * kept as {@link RawJson}, the exact bytes sent, and read again only when a getter asks for their contents; so is
 * {@code data}, whatever its kind. Unknown fields are kept but ignored by the callers, so clients may send more than
 * this version reads; a field sent twice is refused.
 */
public final class JsonObject {

    private static final int MAX_ERROR_DETAIL = 120;
    /**
     * The field that carries a payload Herald passes on ({@code data} of a command, a push, an upstream's answer): kept
     * as the bytes sent, whatever its kind, so that it arrives byte for byte (PROTOCOL.md).
     */
    private static final String PAYLOAD = "data";

    private final Json json;
    private final Map<String, Object> fields;

    private JsonObject(Json json, Map<String, Object> fields) {
        this.json = json;
        this.fields = fields;
    }

    /**
     * Parses {@code length} bytes from {@code offset} as exactly one JSON object.
     *
     * @throws WireException 400 when the bytes are not JSON or not an object
     */
    public static JsonObject parse(Json json, byte[] bytes, int offset, int length) throws WireException {
        try (JsonParser parser = json.parser(bytes, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new WireException(ReplyCode.BAD_REQUEST, "empty body: expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new WireException(ReplyCode.BAD_REQUEST, "expected a JSON object");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                Object value = PAYLOAD.equals(name) ? asSent(parser, bytes, offset) : readValue(parser, bytes, offset);
                // A field sent twice is refused: readers that take the first and readers that take the last
                // would see two different requests (a checked field, then another value that is acted on).
                if (fields.put(name, value) != null) {
                    throw new WireException(ReplyCode.BAD_REQUEST, "duplicate field '" + shorten(name) + "'");
                }
            }
            if (parser.nextToken() != null) {
                throw new WireException(ReplyCode.BAD_REQUEST, "malformed JSON: trailing content after the object");
            }
            return new JsonObject(json, fields);
        } catch (JsonProcessingException e) {
            throw new WireException(ReplyCode.BAD_REQUEST, "malformed JSON: " + shorten(e.getOriginalMessage()));
        } catch (IOException e) {
            // Reading from a byte array does no I/O; anything else the parser throws is still bad input.
            throw new WireException(ReplyCode.BAD_REQUEST, "malformed JSON");
        }
    }

    /**
     * Parses a value read before as exactly one JSON object.
     *
     * @throws WireException 400 when it is not an object
     */
    public static JsonObject parse(Json json, RawJson value) throws WireException {
        return parse(json, value.bytes(), 0, value.length());
    }

    /**
     * Reads the value at the parser's current token. Numbers, arrays and objects are kept as the exact bytes
     * the client sent (a slice of the input), so that {@code 1e400} or {@code 0.10000000000000000555} reach
     * their receivers as written, not as a double.
     */
    private static Object readValue(JsonParser parser, byte[] bytes, int offset) throws IOException {
        switch (parser.currentToken()) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return RawJson.NULL;
            default:
                return asSent(parser, bytes, offset);
        }
    }

    /**
     * The value at the parser's current token as the exact bytes sent, whatever its kind: a string too, so that
     * {@code "caf\u00e9"} or {@code "\ud800"} is passed on as written, not as its text written again.
     */
    private static RawJson asSent(JsonParser parser, byte[] bytes, int offset) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return RawJson.NULL;
        }
        // Byte offsets count from the start of the parsed range.
        int start = (int) parser.currentTokenLocation().getByteOffset();
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            parser.finishToken(); // a string is read lazily: its end is known once it is
        } else {
            parser.skipChildren();
        }
        int end = (int) parser.currentLocation().getByteOffset();
        return RawJson.trusted(Arrays.copyOfRange(bytes, offset + start, offset + end));
    }

    private static String shorten(String message) {
        String oneLine = message == null ? "" : message.replace('\n', ' ');
        return oneLine.length() <= MAX_ERROR_DETAIL ? oneLine : oneLine.substring(0, MAX_ERROR_DETAIL) + "...";
    }

    /** The names of the object's fields, in the order they were sent. */
    public java.util.Set<String> fieldNames() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    public boolean has(String field) {
        Object value = fields.get(field);
        return value != null && value != RawJson.NULL;
    }

    /** A string field that must be present and not empty. */
    public String requireString(String field) throws WireException {
        String value = optString(field);
        if (value == null) {
            throw WireException.missing(field);
        }
        if (value.isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field '" + field + "' must not be empty");
        }
        return value;
    }

    /**
     * A name (a uid, group, connection id, device, command, message id) that must be present and not empty; see
     * {@link #optName}.
     */
    public String requireName(String field) throws WireException {
        String value = requireString(field);
        checkName(field, value);
        return value;
    }

    /**
     * A name, or {@code null} where absent or JSON {@code null}. A name is text that Herald keeps as a key and writes
     * back: it may not hold control characters (U+0000-U+001F, U+007F-U+009F), escaped or not, nor half of a
     * surrogate pair, which has no UTF-8 form and would be written back as U+FFFD, the same as any other half.
     *
     * @throws WireException 400 naming the field where it is not a string or not a name
     */
    public String optName(String field) throws WireException {
        String value = optString(field);
        if (value != null) {
            checkName(field, value);
        }
        return value;
    }

    private static void checkName(String field, String value) throws WireException {
        if (!isName(value)) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field '" + field + "' " + NAME_RULE);
        }
    }

    /**
     * The most characters a name may have: enough for any uid, e-mail address or room name, and a bound on what a
     * stranger can make the node keep as a key (in memory and in Redis).
     */
    public static final int MAX_NAME_LENGTH = 1024;

    /** What a name must be, as a 400 says it after the field's name. */
    public static final String NAME_RULE = "must be at most " + MAX_NAME_LENGTH
            + " characters, without control characters or unpaired surrogates";

    /**
     * Whether {@code text} is at most {@link #MAX_NAME_LENGTH} characters and holds no control character and no
     * unpaired surrogate.
     */
    public static boolean isName(String text) {
        if (text.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            if (c <= 0x9F) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A string field, or {@code null} where it is absent or JSON {@code null}. */
    public String optString(String field) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return null;
        }
        if (!(value instanceof String)) {
            throw WireException.wrongType(field, "a string");
        }
        return (String) value;
    }

    /** An array of non-empty names (see {@link #optName}), or {@code null} where absent or JSON {@code null}. */
    public List<String> optStringList(String field) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return null;
        }
        RawJson raw = value instanceof RawJson ? (RawJson) value : null;
        if (raw == null || raw.bytes()[0] != '[') {
            throw WireException.wrongType(field, "an array of strings");
        }
        try (JsonParser parser = json.parser(raw.bytes(), 0, raw.length())) {
            parser.nextToken();
            List<String> values = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.VALUE_STRING || parser.getTextLength() == 0) {
                    throw WireException.wrongType(field, "an array of non-empty strings");
                }
                String name = parser.getText();
                checkName(field, name);
                values.add(name);
            }
            return values;
        } catch (IOException e) {
            throw WireException.wrongType(field, "an array of strings");
        }
    }

    /** An array of objects, each read as a {@link JsonObject}; {@code null} where absent or JSON {@code null}. */
    public List<JsonObject> optObjectList(String field) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return null;
        }
        RawJson raw = value instanceof RawJson ? (RawJson) value : null;
        if (raw == null || raw.bytes()[0] != '[') {
            throw WireException.wrongType(field, "an array of objects");
        }
        byte[] bytes = raw.bytes();
        List<JsonObject> objects = new ArrayList<>();
        try (JsonParser parser = json.parser(bytes, 0, bytes.length)) {
            parser.nextToken();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw WireException.wrongType(field, "an array of objects");
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                objects.add(parse(json, bytes, start, end - start));
            }
        } catch (IOException e) {
            throw WireException.wrongType(field, "an array of objects");
        }
        return objects;
    }

    /**
     * An array's elements, each any JSON value as its text, so that the caller judges them one by one; {@code null}
     * where absent or JSON {@code null}.
     *
     * @throws WireException 400 where the field is not an array
     */
    public List<RawJson> optElements(String field) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return null;
        }
        RawJson raw = value instanceof RawJson ? (RawJson) value : null;
        if (raw == null || raw.bytes()[0] != '[') {
            throw WireException.wrongType(field, "an array");
        }
        byte[] bytes = raw.bytes();
        List<RawJson> elements = new ArrayList<>();
        try (JsonParser parser = json.parser(bytes, 0, bytes.length)) {
            parser.nextToken();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                Object element = readValue(parser, bytes, 0);
                elements.add(element instanceof RawJson ? (RawJson) element : element instanceof String
                        ? RawJson.trusted(JsonWriter.quote((String) element)) : RawJson.trusted(element.toString()));
            }
        } catch (IOException e) {
            throw WireException.wrongType(field, "an array");
        }
        return elements;
    }

    /** An object field, read as a {@link JsonObject}; {@code null} where absent or JSON {@code null}. */
    public JsonObject optObject(String field) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return null;
        }
        if (!(value instanceof RawJson) || ((RawJson) value).bytes()[0] != '{') {
            throw WireException.wrongType(field, "an object");
        }
        byte[] bytes = ((RawJson) value).bytes();
        return parse(json, bytes, 0, bytes.length);
    }

    /** An array of integers; {@code null} where absent or JSON {@code null}. */
    public List<Long> optLongList(String field) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return null;
        }
        RawJson raw = value instanceof RawJson ? (RawJson) value : null;
        if (raw == null || raw.bytes()[0] != '[') {
            throw WireException.wrongType(field, "an array of integers");
        }
        try (JsonParser parser = json.parser(raw.bytes(), 0, raw.length())) {
            parser.nextToken();
            List<Long> values = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw WireException.wrongType(field, "an array of integers");
                }
                values.add(parser.getLongValue());
            }
            return values;
        } catch (IOException e) {
            throw WireException.wrongType(field, "an array of integers");
        }
    }

    /** A boolean field; {@code false} where absent or JSON {@code null}. */
    public boolean optBoolean(String field) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return false;
        }
        if (!(value instanceof Boolean)) {
            throw WireException.wrongType(field, "true or false");
        }
        return (Boolean) value;
    }

    /** An integer field, or {@code fallback} where absent. */
    public long optLong(String field, long fallback) throws WireException {
        Object value = fields.get(field);
        if (value == null || value == RawJson.NULL) {
            return fallback;
        }
        if (!(value instanceof RawJson) || !isInteger((RawJson) value)) {
            throw WireException.wrongType(field, "an integer");
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw WireException.wrongType(field, "an integer");
        }
    }

    private static boolean isInteger(RawJson raw) {
        byte[] b = raw.bytes();
        for (int i = 0; i < b.length; i++) {
            if (!(b[i] >= '0' && b[i] <= '9' || i == 0 && b[i] == '-')) {
                return false;
            }
        }
        return b.length > 0;
    }

    /**
     * An object of stream positions, {@code {"user:alice":{"epoch":"…","seq":40},…}}, in the order sent; an empty
     * map where the field is absent.
     */
    public Map<String, StreamPosition> optPositions(String field) throws WireException {
        JsonObject object = optObject(field);
        if (object == null) {
            return Map.of();
        }
        return object.positions(field);
    }

    /** This object read as stream positions, as {@link #optPositions} reads a field; {@code field} names it. */
    public Map<String, StreamPosition> positions(String field) throws WireException {
        JsonObject object = this;
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        for (String stream : object.fieldNames()) {
            String path = field + "." + stream;
            JsonObject position;
            try {
                position = object.optObject(stream);
            } catch (WireException e) {
                throw WireException.wrongType(path, "an object with epoch and seq");
            }
            if (position == null) {
                throw WireException.wrongType(path, "an object with epoch and seq");
            }
            String epoch;
            long seq;
            try {
                epoch = position.optString("epoch");
                seq = position.optLong("seq", -1);
            } catch (WireException e) {
                throw WireException.wrongType(path, "an object with a string epoch and an integer seq");
            }
            if (epoch == null || epoch.isEmpty()) {
                throw WireException.missing(path + ".epoch");
            }
            if (seq < 0) {
                throw WireException.wrongType(path + ".seq", "an integer >= 0");
            }
            positions.put(stream, new StreamPosition(epoch, seq));
        }
        return Collections.unmodifiableMap(positions);
    }

    /** Any JSON value, as its text; {@code null} where the field is absent (JSON {@code null} is kept). */
    public RawJson optRaw(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof RawJson) {
            return (RawJson) value;
        }
        if (value instanceof String) {
            return RawJson.trusted(JsonWriter.quote((String) value));
        }
        return RawJson.trusted(value.toString()); // a Boolean
    }
}
