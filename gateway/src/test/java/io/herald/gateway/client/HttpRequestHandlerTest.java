package io.herald.gateway.client;

import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.ServerFrames;
import io.herald.gateway.auth.LoginRefusedException;
import io.herald.gateway.command.TestDispatchers;
import io.herald.gateway.http.HealthCheck;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HttpRequestHandlerTest {

    private final AtomicInteger connections = new AtomicInteger(3);
    private final EmbeddedChannel ch = new EmbeddedChannel(
            new HttpRequestHandler(new HealthCheck("n1", connections::get, java.util.Optional::empty),
                    TestUpgradeLogins.upgradeLogin(null)));

    @Test
    void healthzAnswers200Json() {
        FullHttpRequest request = request(HttpMethod.GET, "/healthz");

        FullHttpResponse response = exchange(request);

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE))
                .isEqualTo(HttpHeaderValues.APPLICATION_JSON.toString());
        assertThat(body(response)).isEqualTo(
                "{\"code\":200,\"msg\":\"ok\",\"data\":{\"status\":\"ok\",\"node\":\"n1\",\"connections\":3}}");
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                .isEqualTo(response.content().readableBytes());
        response.release();
        assertThat(request.refCnt()).isZero();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void healthzReadsTheCountEachTime() {
        exchange(request(HttpMethod.GET, "/healthz")).release();
        connections.set(5);

        FullHttpResponse response = exchange(request(HttpMethod.GET, "/healthz?verbose=1"));

        assertThat(body(response)).contains("\"connections\":5");
        response.release();
        assertFalse(ch.finish());
    }

    @Test
    void unknownPathAnswers404Json() {
        FullHttpRequest request = request(HttpMethod.GET, "/nope");

        FullHttpResponse response = exchange(request);

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(body(response)).isEqualTo("{\"code\":404,\"msg\":\"unknown path\",\"data\":null}");
        response.release();
        assertThat(request.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void pathsUnderTheWebSocketPathAreUnknown() {
        FullHttpResponse response = exchange(request(HttpMethod.GET, "/ws/extra"));

        assertThat(response.status().code()).isEqualTo(404);
        response.release();
        assertFalse(ch.finish());
    }

    @Test
    void wrongMethodOnHealthzAnswers405Json() {
        FullHttpResponse response = exchange(request(HttpMethod.POST, "/healthz"));

        assertThat(response.status().code()).isEqualTo(405);
        assertThat(body(response)).contains("\"code\":405").contains("method not allowed (expected: GET)");
        response.release();
        assertFalse(ch.finish());
    }

    @Test
    void closesAfterAnsweringARequestThatAskedToClose() {
        FullHttpRequest request = request(HttpMethod.GET, "/healthz");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

        FullHttpResponse response = exchange(request);

        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        response.release();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void passesTheWebSocketPathOnUntouched() {
        FullHttpRequest request = request(HttpMethod.GET, "/ws?v=1");
        request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");

        assertThat(ch.writeInbound(request)).isTrue();

        FullHttpRequest passedOn = ch.readInbound();
        assertThat(passedOn).isSameAs(request);
        assertThat(passedOn.refCnt()).isEqualTo(1);
        passedOn.release();
        assertThat((Object) ch.readOutbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void answersAnUpgradeInAnotherVersion426NamingVersion13() {
        FullHttpRequest request = request(HttpMethod.GET, "/ws");
        request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "8");

        FullHttpResponse response = exchange(request);

        assertThat(response.status().code()).isEqualTo(426);
        assertThat(response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION)).isEqualTo("13");
        assertThat(body(response)).contains("\"code\":426");
        response.release();
        assertThat(request.refCnt()).isZero();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void anUpgradeLoginRefusedAsBusyIs503WithRetryAfter() {
        UpgradeLogin busy = new UpgradeLogin(new CommandReader(new Json()), TestDispatchers.dispatcher(
                (login, remote, alloc) -> CompletableFuture.failedFuture(new LoginRefusedException(503,
                        "busy: too many token checks under way, retry after 1s")),
                null, null, null, new ServerFrames(UnpooledByteBufAllocator.DEFAULT), "n1", 25).login());
        EmbeddedChannel busyCh = new EmbeddedChannel(new HttpRequestHandler(new HealthCheck("n1", connections::get,
                java.util.Optional::empty), busy));
        FullHttpRequest request = request(HttpMethod.GET, "/ws?uid=alice&token=t");
        request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");

        assertThat(busyCh.writeInbound(request)).isFalse();
        FullHttpResponse response = busyCh.readOutbound();

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.headers().getInt(HttpHeaderNames.RETRY_AFTER)).isEqualTo(1);
        assertThat(body(response)).contains("\"msg\":\"busy: too many token checks under way");
        response.release();
        assertThat(request.refCnt()).isZero();
        assertThat(busyCh.isOpen()).isFalse();
        assertFalse(busyCh.finish());
        assertFalse(ch.finish());
    }

    private FullHttpResponse exchange(FullHttpRequest request) {
        assertThat(ch.writeInbound(request)).isFalse();
        FullHttpResponse response = ch.readOutbound();
        assertThat(response).as("a response").isNotNull();
        return response;
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }
}
