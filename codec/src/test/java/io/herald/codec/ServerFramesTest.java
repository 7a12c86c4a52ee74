package io.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServerFramesTest {

    private final Json json = new Json();
    private final ServerFrames frames = new ServerFrames(new UnpooledByteBufAllocator(false));

    @Test
    void okHasTheProtocolShape() {
        assertThat(text(frames.ok("2", "heartbeat")))
                .isEqualTo("{\"id\":\"2\",\"cmd\":\"heartbeat\",\"code\":200,\"msg\":\"ok\"}");
    }

    @Test
    void okParsesBackWithoutData() throws WireException {
        JsonObject reply = parse(frames.ok("3", "join"));

        assertThat(reply.optString("id")).isEqualTo("3");
        assertThat(reply.optString("cmd")).isEqualTo("join");
        assertThat(code(reply)).isEqualTo(200);
        assertThat(reply.optString("msg")).isEqualTo("ok");
        assertThat(reply.optRaw("data")).isNull();
    }

    @Test
    void joinOkGivesTheConnectionsPlaceInTheGroupsStreamInAFixedOrder() {
        assertThat(text(frames.joinOk("3", "group:room\"1", new StreamPosition("e1", 42)))).isEqualTo(
                "{\"id\":\"3\",\"cmd\":\"join\",\"code\":200,\"msg\":\"ok\","
                        + "\"data\":{\"stream\":\"group:room\\\"1\",\"epoch\":\"e1\",\"seq\":42}}");
    }

    @Test
    void loginOkHasTheProtocolShape() {
        assertThat(text(frames.loginOk("1", "c-1", "n-1", 25))).isEqualTo(
                "{\"id\":\"1\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\","
                        + "\"data\":{\"conn\":\"c-1\",\"node\":\"n-1\",\"heartbeat\":25,\"recovered\":true}}");
    }

    @Test
    void loginOkGivesEachStreamsPositionAndWhatWasLost() {
        java.util.Map<String, StreamPosition> streams = new java.util.LinkedHashMap<>();
        streams.put("user:alice", new StreamPosition("e1", 42));
        streams.put("all", new StreamPosition("e\"2", 0));

        assertThat(text(frames.loginOk("1", "c-1", "n-1", 25, streams, false, java.util.List.of("group:r1"))))
                .isEqualTo("{\"id\":\"1\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\",\"data\":{\"conn\":\"c-1\","
                        + "\"node\":\"n-1\",\"heartbeat\":25,\"streams\":{\"user:alice\":{\"epoch\":\"e1\",\"seq\":42},"
                        + "\"all\":{\"epoch\":\"e\\\"2\",\"seq\":0}},\"recovered\":false,\"lost\":[\"group:r1\"]}}");
    }

    @Test
    void loginOkParsesBackWithItsData() throws WireException {
        JsonObject reply = parse(frames.loginOk("1", "conn \"7\"", "node\\\u00e9", 25));

        assertThat(reply.optString("id")).isEqualTo("1");
        assertThat(reply.optString("cmd")).isEqualTo("login");
        assertThat(code(reply)).isEqualTo(200);
        assertThat(reply.optString("msg")).isEqualTo("ok");
        JsonObject data = parse(reply.optRaw("data"));
        assertThat(data.optString("conn")).isEqualTo("conn \"7\"");
        assertThat(data.optString("node")).isEqualTo("node\\\u00e9");
        assertThat(data.optRaw("heartbeat")).isEqualTo(RawJson.trusted("25"));
    }

    @Test
    void errorCarriesItsCodeAndMessage() throws WireException {
        JsonObject reply = parse(frames.error("3", "join", ReplyCode.FORBIDDEN, "group 'room9' is not allowed"));

        assertThat(reply.optString("id")).isEqualTo("3");
        assertThat(reply.optString("cmd")).isEqualTo("join");
        assertThat(code(reply)).isEqualTo(403);
        assertThat(reply.optString("msg")).isEqualTo("group 'room9' is not allowed");
        assertThat(reply.optRaw("data")).isNull();
    }

    @Test
    void errorLeavesOutAnUnknownIdAndCmd() {
        assertThat(text(frames.error(null, null, ReplyCode.BAD_REQUEST, "expected a JSON object")))
                .isEqualTo("{\"code\":400,\"msg\":\"expected a JSON object\"}");
    }

    @Test
    void errorLeavesOutAnUnknownCmdOnly() throws WireException {
        JsonObject reply = parse(frames.error("1", null, ReplyCode.BAD_REQUEST, "missing field 'cmd'"));

        assertThat(reply.optString("id")).isEqualTo("1");
        assertThat(reply.optRaw("cmd")).isNull();
        assertThat(code(reply)).isEqualTo(400);
    }

    @Test
    void errorFromAWireExceptionEchoesTheRequest() throws WireException {
        byte[] frame = "{\"id\":\"9\",\"cmd\":\"join\"}".getBytes(StandardCharsets.UTF_8);
        WireException e = catchThrowableOfType(WireException.class,
                () -> new CommandReader(json).read(frame, 0, frame.length));

        JsonObject reply = parse(frames.error(e));

        assertThat(reply.optString("id")).isEqualTo("9");
        assertThat(reply.optString("cmd")).isEqualTo("join");
        assertThat(code(reply)).isEqualTo(400);
        assertThat(reply.optString("msg")).isEqualTo("missing field 'group'");
    }

    @Test
    void errorFromAWireExceptionWithoutRequest() {
        WireException e = new WireException(ReplyCode.BAD_REQUEST, "empty body: expected a JSON object");

        assertThat(text(frames.error(e))).isEqualTo("{\"code\":400,\"msg\":\"empty body: expected a JSON object\"}");
    }

    @Test
    void replyCarriesAnyCode() throws WireException {
        JsonObject reply = parse(frames.reply("4", "chat", 429, "too many requests", null));

        assertThat(code(reply)).isEqualTo(429);
        assertThat(reply.optString("msg")).isEqualTo("too many requests");
        assertThat(reply.optRaw("data")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "0", "-12", "1.5", "true", "\"text\"", "[]", "{}",
            "{\"s\":\"h\u00e9 \u2713\",\"q\":\"\\\"\\\\\\n\",\"n\":[1,{\"x\":null}]}"})
    void replyCopiesDataVerbatim(String data) throws WireException {
        String text = text(frames.reply("4", "chat", 200, "ok", RawJson.trusted(data)));

        assertThat(text).isEqualTo("{\"id\":\"4\",\"cmd\":\"chat\",\"code\":200,\"msg\":\"ok\",\"data\":" + data + "}");
        assertThat(parse(text).optRaw("data")).isEqualTo(RawJson.trusted(data));
    }

    @Test
    void replyCopiesSupplementaryCharactersInDataVerbatim() throws WireException {
        String data = "{\"s\":\"\ud83d\ude00 \\ud83d\\ude00\"}";

        String text = text(frames.reply("4", "chat", 200, "ok", RawJson.trusted(data)));

        assertThat(text).endsWith(",\"data\":" + data + "}");
        assertThat(parse(parse(text).optRaw("data")).optString("s")).isEqualTo("\ud83d\ude00 \ud83d\ude00");
    }

    @Test
    void replyKeepsDataLargerThanTheSizeHint() throws WireException {
        String data = "\"" + "\u00e9".repeat(10_000) + "\"";

        JsonObject reply = parse(frames.reply("4", "chat", 200, "ok", RawJson.trusted(data)));

        assertThat(reply.optRaw("data")).isEqualTo(RawJson.trusted(data));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "back\\slash", "\\\"", "line\nbreak\ttab\r", "ctl\u0000\u0001\u001f",
            "sl/ash", "h\u00e9 \u4e2d \u2713", "emoji \ud83d\ude00", "</script>"})
    void escapesIdCmdAndMsg(String value) throws WireException {
        JsonObject reply = parse(frames.error(value, value, ReplyCode.NOT_FOUND, value));

        assertThat(reply.optString("id")).isEqualTo(value);
        assertThat(reply.optString("cmd")).isEqualTo(value);
        assertThat(code(reply)).isEqualTo(404);
        assertThat(reply.optString("msg")).isEqualTo(value);
    }

    @Test
    void escapesAnIdLongerThanTheSizeHint() throws WireException {
        String id = "\"\\\ud83d\ude00".repeat(200);

        assertThat(parse(frames.ok(id, "heartbeat")).optString("id")).isEqualTo(id);
    }

    @Test
    void everyFrameIsANewBufferTheCallerOwns() {
        ByteBuf first = frames.ok("1", "heartbeat");
        ByteBuf second = frames.ok("1", "heartbeat");
        try {
            assertThat(first).isNotSameAs(second);
            assertThat(first.refCnt()).isEqualTo(1);
            assertThat(second.refCnt()).isEqualTo(1);
            assertThat(first).isEqualTo(second);
        } finally {
            first.release();
            second.release();
        }
    }

    // ---- helpers ----

    /** The frame's text; releases the frame, which must hold the only reference to its buffer. */
    private static String text(ByteBuf frame) {
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            assertThat(frame.release()).as("frame released").isTrue();
        }
    }

    /** Parses a frame as exactly one JSON object, releasing it. */
    private JsonObject parse(ByteBuf frame) throws WireException {
        return parse(text(frame));
    }

    private JsonObject parse(RawJson raw) throws WireException {
        return parse(raw.toString());
    }

    private JsonObject parse(String text) throws WireException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return JsonObject.parse(json, utf8, 0, utf8.length);
    }

    private static int code(JsonObject reply) {
        return Integer.parseInt(reply.optRaw("code").toString());
    }
}
