package io.herald.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class WebSocketWireTest {

    /** Lengths on both sides of each header size: 7 bits, 16 bits, 64 bits. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void aClientDecoderReadsTheFrameBack(int length) {
        String text = "x".repeat(length);
        ByteBuf payload = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        // What a client runs: unmasked server frames, large ones allowed.
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));

        ByteBuf wire = WebSocketWire.text(payload);

        assertThat(wire.readableBytes()).isEqualTo(length + (length < 126 ? 2 : length <= 65_535 ? 4 : 10));
        assertThat(payload.refCnt()).isEqualTo(1);
        assertThat(payload.readableBytes()).isEqualTo(length);
        client.writeInbound(wire);
        TextWebSocketFrame frame = client.readInbound();
        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(frame.text()).isEqualTo(text);
        frame.release();
        payload.release();
        assertFalse(client.finish());
    }
}
