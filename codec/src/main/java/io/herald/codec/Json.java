package io.herald.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The process's one {@link JsonFactory}, configured for the wire: strict parsing, bounded nesting and number
 * length, and generators that never close the stream they write to. Build one at start-up and pass it to whoever
 * reads or writes JSON. Thread-safe.
 *
 * <p>A parser reads UTF-8 only (RFC 8259, section 8.1), checked whole before the first token: a byte order mark,
 * UTF-16 or UTF-32 text (which Jackson would otherwise detect and read through a decoder whose byte offsets are
 * meaningless) and bytes that are not well-formed UTF-8 (even inside a value Jackson only skips) are refused as
 * malformed JSON.
 */
public final class Json {

    /** How deep a frame may nest, its own object being the first level; deeper input is refused as malformed. */
    static final int MAX_NESTING_DEPTH = 64;
    /** The most characters a number may have, sign, fraction and exponent included; longer is malformed. */
    static final int MAX_NUMBER_LENGTH = 1000;

    private final JsonFactory factory;

    public Json() {
        factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    /**
     * A parser over UTF-8 JSON text.
     *
     * @throws JsonParseException where the bytes are not UTF-8 without a byte order mark, naming where
     */
    public JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        checkEncoding(bytes, offset, length);
        return factory.createParser(bytes, offset, length);
    }

    private static void checkEncoding(byte[] bytes, int offset, int length) throws JsonParseException {
        int invalid = Utf8.firstInvalid(bytes, offset, length);
        if (invalid >= 0) {
            throw new JsonParseException(null, "invalid UTF-8 at byte " + invalid);
        }
        // NUL is never JSON text; in the first two bytes Jackson would take it for UTF-16 or UTF-32.
        for (int i = 0; i < Math.min(2, length); i++) {
            if (bytes[offset + i] == 0) {
                throw new JsonParseException(null, "a NUL byte at byte " + i + " (expected: UTF-8 JSON text)");
            }
        }
        if (length >= 3 && bytes[offset] == (byte) 0xEF && bytes[offset + 1] == (byte) 0xBB
                && bytes[offset + 2] == (byte) 0xBF) {
            throw new JsonParseException(null, "a byte order mark (expected: UTF-8 JSON text without one)");
        }
    }

    public JsonGenerator generator(OutputStream out) throws IOException {
        return factory.createGenerator(out);
    }

    public JsonFactory factory() {
        return factory;
    }
}
