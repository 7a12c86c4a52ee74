package io.herald.gateway.client;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ConnectionLimitHandlerTest {

    private final AtomicInteger open = new AtomicInteger();

    @Test
    void admitsUpToTheLimitAndPassesTheirRequestsOn() {
        EmbeddedChannel first = channel(2);
        EmbeddedChannel second = channel(2);

        assertThat(open).hasValue(2);
        FullHttpRequest request = request();
        assertThat(second.writeInbound(request)).isTrue();
        FullHttpRequest passedOn = second.readInbound();
        assertThat(passedOn).isSameAs(request);
        passedOn.release();

        assertFalse(first.finish());
        assertFalse(second.finish());
        assertThat(open).hasValue(0);
    }

    @Test
    void answersAConnectionOverTheLimit503AndClosesIt() {
        EmbeddedChannel admitted = channel(1);
        EmbeddedChannel refused = channel(1);
        assertThat(open).hasValue(1);
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
        assertThat(open).as("a refused connection gives back no place").hasValue(1);

        assertFalse(admitted.finish());
        assertThat(open).hasValue(0);
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
        assertThat(open).hasValue(0);
    }

    private EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new ConnectionLimitHandler(open, max));
    }

    private static FullHttpRequest request() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
    }
}
