package io.herald.bench.load;

import io.herald.codec.Json;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EchoUpstreamTest {

    private final Json json = new Json();

    @Test
    void aCommandIsAnsweredWithItsDataAndAPushOfItToItsRoom() throws WireException {
        String data = "{\"t\":1700000000000000,\"id\":\"run1.7\",\"room\":\"run1-room-0\"}";
        ByteBuf answer = EchoUpstream.Handler.answer(json, bytes("{\"event\":\"message\",\"uid\":\"run1-3\","
                + "\"conn\":\"c\",\"node\":\"n\",\"cmd\":\"bench.echo\",\"id\":\"7\",\"data\":" + data + "}"),
                UnpooledByteBufAllocator.DEFAULT);

        assertThat(answer.toString(StandardCharsets.UTF_8)).isEqualTo("{\"data\":" + data + ",\"push\":[{\"group\":"
                + "\"run1-room-0\",\"id\":\"run1.7\",\"data\":" + data + "}]}");
        answer.release();
    }

    @Test
    void aCommandWithoutItsRoomOrIdIsRefused() {
        assertThatThrownBy(() -> EchoUpstream.Handler.answer(json, bytes("{\"data\":{\"t\":1}}"),
                UnpooledByteBufAllocator.DEFAULT)).isInstanceOf(WireException.class).hasMessageContaining("room");
        assertThatThrownBy(() -> EchoUpstream.Handler.answer(json, bytes("{\"data\":null}"),
                UnpooledByteBufAllocator.DEFAULT)).isInstanceOf(WireException.class).hasMessageContaining("data");
    }

    @Test
    void theHandlerAnswers200KeptAliveOr400() {
        EchoUpstream.Handler handler = new EchoUpstream.Handler(json);
        EmbeddedChannel ch = new EmbeddedChannel(handler);

        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(
                bytes("{\"data\":{\"t\":1,\"id\":\"r.1\",\"room\":\"g\"}}"))));
        FullHttpResponse ok = ch.readOutbound();
        assertThat(ok.status().code()).isEqualTo(200);
        assertThat(ok.headers().get("Content-Type")).isEqualTo("application/json");
        ok.release();
        assertThat(ch.isOpen()).isTrue();

        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(bytes("not json"))));
        FullHttpResponse bad = ch.readOutbound();
        assertThat(bad.status().code()).isEqualTo(400);
        bad.release();
        assertThat(handler.answered()).isEqualTo(1);
        assertFalse(ch.finish());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
