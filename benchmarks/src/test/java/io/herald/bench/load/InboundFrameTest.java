package io.herald.bench.load;

import io.herald.codec.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboundFrameTest {

    private final Json json = new Json();

    @Test
    void readsAPushAndItsSendTime() throws IOException {
        InboundFrame push = read("{\"cmd\":\"push\",\"id\":\"r.7\",\"group\":\"g\",\"seq\":3,"
                + "\"data\":{\"pad\":\"xxxx\",\"nested\":{\"t\":1},\"t\":1700000000123456}}");

        assertThat(push.isPush()).isTrue();
        assertThat(push.id()).isEqualTo("r.7");
        assertThat(push.sentMicros()).isEqualTo(1_700_000_000_123_456L);
    }

    @Test
    void aPushWithoutASendTimeSaysSo() throws IOException {
        assertThat(read("{\"cmd\":\"push\",\"id\":\"x\",\"data\":\"hello\"}").sentMicros()).isEqualTo(-1);
        assertThat(read("{\"cmd\":\"push\",\"id\":\"x\",\"data\":{\"t\":\"soon\"}}").sentMicros()).isEqualTo(-1);
    }

    @Test
    void readsAReply() throws IOException {
        InboundFrame reply = read("{\"id\":\"login\",\"cmd\":\"login\",\"code\":401,\"msg\":\"bad token\"}");

        assertThat(reply.isPush()).isFalse();
        assertThat(reply.cmd()).isEqualTo("login");
        assertThat(reply.code()).isEqualTo(401);
        assertThat(reply.msg()).isEqualTo("bad token");
    }

    @Test
    void refusesWhatIsNotAnObject() {
        assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(IOException.class);
    }

    private InboundFrame read(String text) throws IOException {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            return InboundFrame.read(json, buf);
        } finally {
            buf.release();
        }
    }
}
