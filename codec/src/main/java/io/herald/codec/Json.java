package io.herald.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The process's one {@link JsonFactory}, configured for the wire: strict parsing, bounded nesting, and
 * generators that never close the stream they write to. Build one at start-up and pass it to whoever
 * reads or writes JSON. Thread-safe.
 */
public final class Json {

    /** How deep a frame may nest, its own object being the first level; deeper input is refused as malformed. */
    static final int MAX_NESTING_DEPTH = 64;

    private final JsonFactory factory;

    public Json() {
        factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    public JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        return factory.createParser(bytes, offset, length);
    }

    public JsonGenerator generator(OutputStream out) throws IOException {
        return factory.createGenerator(out);
    }

    public JsonFactory factory() {
        return factory;
    }
}
