package io.herald.codec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Appends JSON to a {@link ByteBuf}. Frames have a fixed shape, so they are written field by field without a
 * generator: keys are constants, strings are escaped, and {@link RawJson} values are copied verbatim. The
 * caller writes the punctuation that separates fields through {@link #raw(String)}.
 */
public final class JsonWriter {

    private final ByteBuf out;

    public JsonWriter(ByteBuf out) {
        this.out = out;
    }

    /** Escapes and quotes a string as a JSON string literal in UTF-8. */
    public static byte[] quote(String value) {
        byte[] escaped = escape(value);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static byte[] escape(String value) {
        try {
            return JsonStringEncoder.getInstance().quoteAsUTF8(value);
        } catch (IllegalArgumentException e) {
            // A lone surrogate (JSON lets a client send "\ud800") has no UTF-8 form: write U+FFFD instead.
            return JsonStringEncoder.getInstance().quoteAsUTF8(wellFormed(value));
        }
    }

    private static String wellFormed(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                sb.append(c).append(value.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** Writes ASCII text as it is: punctuation and constant keys such as {@code {"code":}. */
    public JsonWriter raw(String ascii) {
        out.writeCharSequence(ascii, StandardCharsets.US_ASCII);
        return this;
    }

    /** Writes a string literal, or {@code null} for a null string. */
    public JsonWriter string(String value) {
        if (value == null) {
            return raw("null");
        }
        out.writeByte('"');
        if (plainAscii(value)) {
            // Ids, uids, group names: nothing to escape, so no encoder and no intermediate array.
            out.writeCharSequence(value, StandardCharsets.US_ASCII);
        } else {
            out.writeBytes(escape(value));
        }
        out.writeByte('"');
        return this;
    }

    /** Whether every character is printable ASCII other than {@code "} and {@code \}: written as it is. */
    private static boolean plainAscii(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Writes a JSON array of string literals. */
    public JsonWriter strings(Iterable<String> values) {
        return array(values, JsonWriter::string);
    }

    /** Writes a JSON array, each element by {@code element}: the one loop every list in a response goes through. */
    public <T> JsonWriter array(Iterable<T> values, java.util.function.BiConsumer<JsonWriter, T> element) {
        out.writeByte('[');
        boolean first = true;
        for (T value : values) {
            if (!first) {
                out.writeByte(',');
            }
            first = false;
            element.accept(this, value);
        }
        out.writeByte(']');
        return this;
    }

    public JsonWriter number(long value) {
        return raw(Long.toString(value));
    }

    public JsonWriter bool(boolean value) {
        return raw(value ? "true" : "false");
    }

    /** Writes an already valid JSON value verbatim. */
    public JsonWriter value(RawJson value) {
        out.writeBytes(value.bytes());
        return this;
    }

    public ByteBuf buffer() {
        return out;
    }
}
