package io.herald.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as its UTF-8 text, already validated by the parser that produced it, so that it can be
 * written into a frame verbatim without being parsed again. Immutable.
 */
public final class RawJson {

    public static final RawJson NULL = new RawJson("null".getBytes(StandardCharsets.US_ASCII));

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * Wraps bytes that are known to hold exactly one valid JSON value; the caller hands over the array.
     */
    public static RawJson trusted(byte[] utf8) {
        return new RawJson(utf8);
    }

    /** Wraps JSON text the caller wrote itself, such as a constant object. */
    public static RawJson trusted(String json) {
        return new RawJson(json.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return utf8.length;
    }

    /** The value's bytes as a buffer that shares them (no copy); read it, never write to it. */
    public io.netty.buffer.ByteBuf asBuffer() {
        return io.netty.buffer.Unpooled.wrappedBuffer(utf8);
    }

    byte[] bytes() {
        return utf8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson && Arrays.equals(utf8, ((RawJson) o).utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
