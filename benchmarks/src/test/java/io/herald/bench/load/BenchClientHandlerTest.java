package io.herald.bench.load;

import io.herald.codec.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BenchClientHandlerTest {

    private final RunIds ids = new RunIds("run1");
    private final List<String> events = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void ready(int index, long micros) {
            events.add("ready " + index);
        }

        @Override
        public void failed(int index, String reason) {
            events.add("failed " + index + ": " + reason);
        }

        @Override
        public void closed(int index, String reason) {
            events.add("closed " + index + ": " + reason);
        }

        @Override
        public void received(int index, long seq, long sentMicros, long receivedNanos) {
            events.add("received " + index + ": " + seq + " sent " + sentMicros);
            lastReceivedNanos = receivedNanos;
        }
    };
    private long lastReceivedNanos;

    @Test
    void logsInOnceTheHandshakeIsDoneAndIsReadyOnTheAnswer() {
        EmbeddedChannel ch = channel(null);

        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);

        assertThat(text(ch.readOutbound()))
                .isEqualTo("{\"id\":\"login\",\"cmd\":\"login\",\"uid\":\"run1-3\",\"token\":\"tok\"}");
        assertThat(events).isEmpty();
        ch.writeInbound(frame("{\"id\":\"login\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\",\"data\":{}}"));
        assertThat(events).containsExactly("ready 3");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void joinsItsGroupBeforeItIsReady() {
        EmbeddedChannel ch = channel("room");
        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        text(ch.readOutbound());

        ch.writeInbound(frame("{\"id\":\"login\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\"}"));

        assertThat(text(ch.readOutbound())).isEqualTo("{\"id\":\"join\",\"cmd\":\"join\",\"group\":\"room\"}");
        assertThat(events).isEmpty();
        ch.writeInbound(frame("{\"id\":\"join\",\"cmd\":\"join\",\"code\":200,\"msg\":\"ok\"}"));
        assertThat(events).containsExactly("ready 3");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aRefusedLoginFailsAndCloses() {
        EmbeddedChannel ch = channel(null);
        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        text(ch.readOutbound());

        ch.writeInbound(frame("{\"id\":\"login\",\"cmd\":\"login\",\"code\":401,\"msg\":\"invalid token\"}"));

        assertThat(events).containsExactly("failed 3: login refused: 401 invalid token");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void handsEveryPushToItsListenerWithItsNumberSendTimeAndArrival() {
        EmbeddedChannel ch = readyChannel();
        long before = System.nanoTime();

        ch.writeInbound(push("run1.0"), push("run1.1"), push("run1.1"), push("other.0"));

        assertThat(events).containsExactly("ready 3", "received 3: 0 sent 1", "received 3: 1 sent 1",
                "received 3: 1 sent 1", "received 3: -1 sent 1");
        assertThat(lastReceivedNanos).isBetween(before, System.nanoTime());
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void pushesInAnotherLayoutCountAlikeAndAMalformedOneEndsTheConnection() {
        EmbeddedChannel ch = readyChannel();

        ch.writeInbound(frame("{\"id\":\"run1.4\",\"cmd\":\"push\",\"data\":{\"pad\":\"x\",\"t\":9}}"),
                frame("{\"cmd\":\"push\",\"id\":\"run1.5\",\"data\":{\"t\":9}"));

        assertThat(events).containsExactly("ready 3", "received 3: 4 sent 9", "closed 3: JsonEOFException");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void takesPushesOffTheByteStreamBeforeNettysDecoderOnceTheHandshakeIsDone() {
        long now = System.nanoTime();
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).build()), new BenchClientHandler(3, ids.uid(3), "tok", null, now,
                now + Connections.READY_TIMEOUT.toNanos(), new Json(), ids, new PushReader(PushReader.prefix(ids)),
                listener, false, retries::add, null));
        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        text(ch.readOutbound());

        assertThat(ch.pipeline().names()).startsWith(BenchClientHandler.PUSH_DECODER);
        ch.writeInbound(Unpooled.wrappedBuffer(textFrame("{\"id\":\"login\",\"cmd\":\"login\",\"code\":200}"),
                textFrame("{\"cmd\":\"push\",\"id\":\"run1.6\",\"data\":{\"t\":8}}")));

        assertThat(events).containsExactly("ready 3", "received 3: 6 sent 8");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void withoutALoginItIsReadyOnceTheUpgradeIsDoneAndReadsNchansFramesOffTheByteStream() {
        long now = System.nanoTime();
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).build()), new BenchClientHandler(3, ids.uid(3), null, null, now,
                now + Connections.READY_TIMEOUT.toNanos(), new Json(), ids, new PushReader(PushReader.prefix(ids)),
                listener, false, retries::add, null));

        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);

        Object login = ch.readOutbound();
        assertThat(login).as("nothing to log in with").isNull();
        assertThat(events).containsExactly("ready 3");
        // What nchan writes for a published body: the body itself, in one final unmasked text frame.
        ch.writeInbound(Unpooled.wrappedBuffer(
                textFrame("{\"cmd\":\"push\",\"id\":\"run1.6\",\"data\":{\"t\":8,\"pad\":\"xx\"}}")));
        ch.advanceTimeBy(Connections.READY_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(events).as("its deadline was cancelled").containsExactly("ready 3", "received 3: 6 sent 8");
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aConnectionNotReadyByItsDeadlineFails() {
        EmbeddedChannel ch = channel(null);

        ch.advanceTimeBy(Connections.READY_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(events).containsExactly("failed 3: not ready in time");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aCloseFromTheNodeAfterLoginIsCountedWithItsCode() {
        EmbeddedChannel ch = readyChannel();

        ch.writeInbound(new CloseWebSocketFrame(4009, "too slow"));

        assertThat(events).containsExactly("ready 3", "closed 3: closed by the node with 4009");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void withTheLoginOnTheUpgradeItSendsNoLoginAndIsReadyOnTheReplyThatComesFirst() {
        long now = System.nanoTime();
        EmbeddedChannel ch = new EmbeddedChannel(new BenchClientHandler(3, ids.uid(3), "tok", null, now,
                now + Connections.READY_TIMEOUT.toNanos(), new Json(), ids, new PushReader(PushReader.prefix(ids)),
                listener, true, retries::add, null));

        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        Object sent = ch.readOutbound();
        assertThat(sent).as("the login rode on the upgrade").isNull();
        ch.writeInbound(frame("{\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\",\"data\":{\"conn\":\"c1\"}}"));

        assertThat(events).containsExactly("ready 3");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void anUpgradeAnswered503WithRetryAfterIsTriedAgainAfterThatDelayPlusAtMostAsMuchAgain() {
        EmbeddedChannel ch = channel(null);

        ch.pipeline().fireExceptionCaught(refused(HttpResponseStatus.SERVICE_UNAVAILABLE, "1"));

        assertThat(events).as("not reported: another attempt takes over").isEmpty();
        assertThat(retries).singleElement().satisfies(delay -> assertThat(delay).isBetween(1000L, 2000L));
        assertThat(ch.isOpen()).isFalse();
        ch.advanceTimeBy(Connections.READY_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).as("its deadline went with it").isEmpty();
    }

    @Test
    void anUpgradeRefusedOtherwiseFails() {
        EmbeddedChannel busyForever = channel(null);
        busyForever.pipeline().fireExceptionCaught(refused(HttpResponseStatus.SERVICE_UNAVAILABLE, null));
        EmbeddedChannel unauthorized = channel(null);
        unauthorized.pipeline().fireExceptionCaught(refused(HttpResponseStatus.UNAUTHORIZED, "1"));
        EmbeddedChannel pastDeadline = channel(null);
        pastDeadline.pipeline().fireExceptionCaught(refused(HttpResponseStatus.SERVICE_UNAVAILABLE,
                String.valueOf(Connections.READY_TIMEOUT.toSeconds())));

        assertThat(events).containsExactly("failed 3: handshake refused: 503 Service Unavailable",
                "failed 3: handshake refused: 401 Unauthorized", "failed 3: handshake refused: 503 Service Unavailable");
        assertThat(retries).isEmpty();
    }

    private static WebSocketClientHandshakeException refused(HttpResponseStatus status, String retryAfter) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        if (retryAfter != null) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        return new WebSocketClientHandshakeException("Invalid handshake response getStatus: " + status, response);
    }

    private EmbeddedChannel readyChannel() {
        EmbeddedChannel ch = channel(null);
        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        text(ch.readOutbound());
        ch.writeInbound(frame("{\"id\":\"login\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\"}"));
        return ch;
    }

    private EmbeddedChannel channel(String group) {
        long now = System.nanoTime();
        return new EmbeddedChannel(new BenchClientHandler(3, ids.uid(3), "tok", group, now,
                now + Connections.READY_TIMEOUT.toNanos(), new Json(), ids, new PushReader(PushReader.prefix(ids)),
                listener, false, retries::add, null));
    }

    private static TextWebSocketFrame frame(String text) {
        return new TextWebSocketFrame(text);
    }

    private static TextWebSocketFrame push(String id) {
        return frame("{\"cmd\":\"push\",\"id\":\"" + id + "\",\"data\":{\"t\":1}}");
    }

    /** A final, unmasked text frame of fewer than 126 bytes, as the node writes one. */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[payload.length + 2];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        return frame;
    }

    private static String text(Object outbound) {
        TextWebSocketFrame frame = (TextWebSocketFrame) outbound;
        try {
            return frame.text();
        } finally {
            frame.release();
        }
    }
}
