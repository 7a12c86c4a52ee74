package io.herald.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Server-to-client WebSocket frames as bytes on the wire (RFC 6455 section 5.2), built once and shared by every
 * connection a message goes to. A server's frames are never masked, so the bytes are the same for every
 * connection: a broadcast frames its message once instead of once per connection in the pipeline's encoder.
 * The pipeline passes such a {@link ByteBuf} through the WebSocket encoder untouched (the encoder takes only
 * {@code WebSocketFrame}s), which holds as long as no per-connection extension, such as compression, is
 * negotiated; Herald negotiates none.
 */
final class WebSocketWire {

    private static final int FIN_TEXT = 0x81;

    private WebSocketWire() {
    }

    /**
     * One final text frame carrying {@code payload} (UTF-8 JSON), in a new buffer from the payload's allocator.
     * Does not take ownership of {@code payload}.
     */
    static ByteBuf text(ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf frame = header(payload.alloc(), length);
        frame.writeBytes(payload, payload.readerIndex(), length);
        return frame;
    }

    /** One final text frame carrying {@code payload} (UTF-8 JSON), in a new buffer of {@code alloc}. */
    static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        return header(alloc, payload.length).writeBytes(payload);
    }

    private static ByteBuf header(ByteBufAllocator alloc, int length) {
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.buffer(header + length);
        frame.writeByte(FIN_TEXT);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame;
    }
}
