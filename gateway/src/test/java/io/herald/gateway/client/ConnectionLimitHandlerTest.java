package io.herald.gateway.client;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ConnectionLimitHandlerTest {

    /** The node's slots, made with the limit of the first channel a test opens. */
    private ConnectionSlots slots;

    @Test
    void admitsUpToTheLimitAndPassesTheirRequestsOn() {
        EmbeddedChannel first = channel(2);
        EmbeddedChannel second = channel(2);

        assertThat(slots.taken()).isEqualTo(2);
        FullHttpRequest request = request();
        assertThat(second.writeInbound(request)).isTrue();
        FullHttpRequest passedOn = second.readInbound();
        assertThat(passedOn).isSameAs(request);
        passedOn.release();

        assertFalse(first.finish());
        assertFalse(second.finish());
        assertThat(slots.taken()).isEqualTo(0);
    }

    @Test
    void answersAConnectionOverTheLimit503AndClosesIt() {
        EmbeddedChannel admitted = channel(1);
        EmbeddedChannel refused = channel(1);
        assertThat(slots.taken()).isEqualTo(1);
        FullHttpRequest request = request();

        assertThat(refused.writeInbound(request)).isFalse();

        FullHttpResponse response = refused.readOutbound();
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":503,\"msg\":\"too many connections\",\"data\":null}");
        response.release();
        assertThat(request.refCnt()).isZero();
        assertThat(refused.isOpen()).isFalse();
        assertFalse(refused.finish());
        assertThat(slots.taken()).as("a refused connection gives back no place").isEqualTo(1);

        assertFalse(admitted.finish());
        assertThat(slots.taken()).isEqualTo(0);
    }

    @Test
    void aPlaceFreedByACloseIsTakenAgain() {
        EmbeddedChannel first = channel(1);
        first.close();

        EmbeddedChannel second = channel(1);
        FullHttpRequest request = request();
        assertThat(second.writeInbound(request)).isTrue();
        ((FullHttpRequest) second.readInbound()).release();

        assertFalse(first.finish());
        assertFalse(second.finish());
        assertThat(slots.taken()).isEqualTo(0);
    }

    private EmbeddedChannel channel(int max) {
        if (slots == null) {
            slots = new ConnectionSlots(max);
        }
        return new EmbeddedChannel(new ConnectionLimitHandler(slots));
    }

    private static FullHttpRequest request() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
    }
}
