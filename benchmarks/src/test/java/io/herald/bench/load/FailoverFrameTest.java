package io.herald.bench.load;

import io.herald.codec.Json;
import io.herald.codec.StreamPosition;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailoverFrameTest {

    private final Json json = new Json();

    @Test
    void readsAPushsIdStreamSeqAndSendTime() throws WireException {
        FailoverFrame push = read("{\"cmd\":\"push\",\"id\":\"r.12\",\"stream\":\"user:r-3\",\"seq\":42,"
                + "\"data\":{\"t\":1700000000000000,\"pad\":\"xx\"}}");

        assertThat(push.isPush()).isTrue();
        assertThat(push.id()).isEqualTo("r.12");
        assertThat(push.stream()).isEqualTo("user:r-3");
        assertThat(push.seq()).isEqualTo(42);
        assertThat(push.sentMicros()).isEqualTo(1_700_000_000_000_000L);
        assertThat(push.text()).as("pushes are not kept as text").isNull();
    }

    @Test
    void aPushOnNoStreamHasNoSeq() throws WireException {
        FailoverFrame push = read("{\"cmd\":\"push\",\"id\":\"r.1\",\"data\":{\"t\":5}}");

        assertThat(push.stream()).isNull();
        assertThat(push.seq()).isEqualTo(-1);
    }

    @Test
    void readsALoginReplysPositionsAndRecovery() throws WireException {
        String text = "{\"id\":\"login\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\",\"data\":{\"conn\":\"c1\","
                + "\"node\":\"n2\",\"heartbeat\":25,\"streams\":{\"user:r-3\":{\"epoch\":\"e1\",\"seq\":40},"
                + "\"all\":{\"epoch\":\"e0\",\"seq\":0}},\"recovered\":false,\"lost\":[\"user:r-3\"]}}";

        FailoverFrame login = read(text);

        assertThat(login.isLogin()).isTrue();
        assertThat(login.code()).isEqualTo(200);
        assertThat(login.node()).isEqualTo("n2");
        assertThat(login.streams()).containsExactly(Map.entry("user:r-3", new StreamPosition("e1", 40)),
                Map.entry("all", new StreamPosition("e0", 0)));
        assertThat(login.recovered()).isFalse();
        assertThat(login.lost()).isEqualTo(List.of("user:r-3"));
        assertThat(login.text()).isEqualTo(text);
    }

    @Test
    void readsARefusal() throws WireException {
        FailoverFrame refusal = read("{\"id\":\"login\",\"cmd\":\"login\",\"code\":401,\"msg\":\"bad token\"}");

        assertThat(refusal.code()).isEqualTo(401);
        assertThat(refusal.msg()).isEqualTo("bad token");
        assertThat(refusal.streams()).isEmpty();
        assertThat(refusal.lost()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(WireException.class);
        assertThatThrownBy(() -> read("{\"cmd\":\"push\",\"seq\":\"x\"}")).isInstanceOf(WireException.class);
    }

    private FailoverFrame read(String text) throws WireException {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            return FailoverFrame.read(json, buf);
        } finally {
            buf.release();
        }
    }
}
