package io.herald.gateway.client;

import io.herald.codec.ClientCommand;
import io.herald.codec.StreamPosition;
import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.RawJson;
import io.herald.codec.ServerFrames;
import io.herald.codec.WireException;
import io.herald.gateway.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CommandDecoderTest {

    private static final int LIMIT = 3;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final Json json = new Json();
    private final EmbeddedChannel ch = FrozenClock.channel(true, new CommandDecoder(new CommandReader(json),
            new ServerFrames(UnpooledByteBufAllocator.DEFAULT), LIMIT, WINDOW));

    @Test
    void textFramesBecomeCommands() {
        assertThat(decode("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"alice\",\"token\":\"t\",\"device\":\"web\","
                + "\"since\":{\"all\":{\"epoch\":\"e\",\"seq\":7}}}"))
                .isEqualTo(new ClientCommand.Login("1", "alice", "t", "web", Map.of("all", new StreamPosition("e", 7))));
        assertThat(decode("{\"id\":\"2\",\"cmd\":\"heartbeat\"}")).isEqualTo(new ClientCommand.Heartbeat("2"));
        assertThat(decode("{\"cmd\":\"ack\",\"id\":\"m-1\"}")).isEqualTo(new ClientCommand.Ack("m-1"));
        assertThat(decode("{\"id\":\"3\",\"cmd\":\"join\",\"group\":\"room1\"}"))
                .isEqualTo(new ClientCommand.Join("3", "room1"));
        assertThat(decode("{\"id\":\"4\",\"cmd\":\"leave\",\"group\":\"room1\"}"))
                .isEqualTo(new ClientCommand.Leave("4", "room1"));
        assertThat(decode("{\"id\":\"5\",\"cmd\":\"chat\",\"data\":{\"text\":\"hi\"}}"))
                .isEqualTo(new ClientCommand.Custom("5", "chat", RawJson.trusted("{\"text\":\"hi\"}")));
        assertThat((Object) ch.readOutbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void readsTheFramesBytesWhereverTheyLie() {
        ByteBuf sliced = Unpooled.copiedBuffer("garbage{\"id\":\"2\",\"cmd\":\"heartbeat\"}", StandardCharsets.UTF_8);
        sliced.readerIndex("garbage".length());
        ByteBuf direct = Unpooled.directBuffer().writeBytes("{\"id\":\"3\",\"cmd\":\"heartbeat\"}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(decode(new TextWebSocketFrame(sliced))).isEqualTo(new ClientCommand.Heartbeat("2"));
        assertThat(decode(new TextWebSocketFrame(direct))).isEqualTo(new ClientCommand.Heartbeat("3"));
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json                              | malformed JSON",
        "`{\"id\":\"1\",\"cmd\":`              | malformed JSON",
        "[1,2]                                 | expected a JSON object",
        "`\"login\"`                           | expected a JSON object",
        "`{\"id\":\"1\"}`                      | missing field 'cmd'",
        "`{\"id\":\"1\",\"cmd\":7}`            | field 'cmd' must be a string",
        "`{\"id\":\"1\",\"cmd\":\"\"}`         | field 'cmd' must not be empty",
        "`{\"cmd\":\"heartbeat\"}`             | missing field 'id'",
        "`{\"id\":1,\"cmd\":\"heartbeat\"}`    | field 'id' must be a string",
        "`{\"id\":\"1\",\"cmd\":\"join\",\"group\":5}` | field 'group' must be a string",
        "`{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"a\"}` | missing field 'token'",
    })
    void badTextFrameIsAnswered400NamingTheProblem(String text, String problem) throws WireException {
        TextWebSocketFrame frame = new TextWebSocketFrame(text);

        assertThat(ch.writeInbound(frame)).isFalse();

        JsonObject reply = reply();
        assertThat(reply.optRaw("code")).isEqualTo(RawJson.trusted("400"));
        assertThat(reply.optString("msg")).contains(problem);
        assertThat(frame.refCnt()).isZero();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void badFrameReplyEchoesTheIdAndCmdItCouldRead() throws WireException {
        ch.writeInbound(new TextWebSocketFrame("{\"id\":\"9\",\"cmd\":\"join\",\"group\":[]}"));

        JsonObject reply = reply();
        assertThat(reply.optString("id")).isEqualTo("9");
        assertThat(reply.optString("cmd")).isEqualTo("join");
        assertThat(reply.optString("msg")).isEqualTo("field 'group' must be a string");
        assertFalse(ch.finish());
    }

    @Test
    void binaryFrameIsAnswered400() throws WireException {
        BinaryWebSocketFrame frame = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(
                "{\"id\":\"1\",\"cmd\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(ch.writeInbound(frame)).isFalse();

        JsonObject reply = reply();
        assertThat(reply.optRaw("code")).isEqualTo(RawJson.trusted("400"));
        assertThat(reply.optString("msg")).contains("binary frames are not supported");
        assertThat(frame.refCnt()).isZero();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void moreBadFramesThanTheLimitWithinTheWindowCloseWith4008() throws WireException {
        for (int i = 0; i < LIMIT; i++) {
            sendBad();
            assertThat(reply().optRaw("code")).isEqualTo(RawJson.trusted("400"));
        }
        assertThat(ch.isOpen()).isTrue();

        advance(WINDOW.minusMillis(1));
        sendBad();

        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4008);
        assertThat(close.reasonText()).isEqualTo("rate limited");
        close.release();
        advance(Duration.ofMillis(Session.CLOSE_LINGER_MILLIS));
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void goodFramesDoNotClearTheCount() throws WireException {
        for (int i = 0; i < LIMIT; i++) {
            sendBad();
            reply();
        }
        assertThat(decode("{\"id\":\"2\",\"cmd\":\"heartbeat\"}")).isEqualTo(new ClientCommand.Heartbeat("2"));

        sendBad();

        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4008);
        close.release();
        assertFalse(ch.finish());
    }

    @Test
    void countStartsOverOnceTheWindowHasPassed() throws WireException {
        for (int i = 0; i < LIMIT; i++) {
            sendBad();
            reply();
        }
        advance(WINDOW);

        for (int i = 0; i < LIMIT; i++) {
            sendBad();
            assertThat(reply().optRaw("code")).isEqualTo(RawJson.trusted("400"));
        }
        assertThat(ch.isOpen()).isTrue();

        sendBad();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4008);
        close.release();
        assertFalse(ch.finish());
    }

    @Test
    void closesWithoutACloseFrameBeforeTheUpgrade() throws WireException {
        EmbeddedChannel plain = FrozenClock.channel(false, new CommandDecoder(new CommandReader(json),
                new ServerFrames(UnpooledByteBufAllocator.DEFAULT), 1, WINDOW));

        plain.writeInbound(new TextWebSocketFrame("nope"));
        TextWebSocketFrame reply = plain.readOutbound();
        reply.release();
        plain.writeInbound(new TextWebSocketFrame("nope"));

        assertThat((Object) plain.readOutbound()).isNull();
        assertThat(plain.isOpen()).isFalse();
        assertFalse(plain.finish());
        assertFalse(ch.finish());
    }

    private ClientCommand decode(String text) {
        return decode(new TextWebSocketFrame(text));
    }

    private ClientCommand decode(WebSocketFrame frame) {
        assertThat(ch.writeInbound(frame)).isTrue();
        assertThat(frame.refCnt()).isZero();
        return ch.readInbound();
    }

    private void sendBad() {
        ch.writeInbound(new TextWebSocketFrame("{\"id\":\"1\"}"));
    }

    private JsonObject reply() throws WireException {
        Object sent = ch.readOutbound();
        assertThat(sent).as("a reply").isInstanceOf(TextWebSocketFrame.class);
        TextWebSocketFrame reply = (TextWebSocketFrame) sent;
        try {
            byte[] bytes = ByteBufUtil.getBytes(reply.content());
            return JsonObject.parse(json, bytes, 0, bytes.length);
        } finally {
            reply.release();
        }
    }

    private void advance(Duration by) {
        ch.advanceTimeBy(by.toMillis(), MILLISECONDS);
        ch.runScheduledPendingTasks();
    }
}
