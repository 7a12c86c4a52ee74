package io.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PushMessageTest {

    private final Json json = new Json();
    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void pushToUsersHasNoGroup() {
        PushMessage push = new PushMessage("m-1", null, RawJson.trusted("{\"text\":\"hi\"}"));

        assertThat(text(push.encode(alloc))).isEqualTo("{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":{\"text\":\"hi\"}}");
    }

    @Test
    void pushToAGroupNamesIt() {
        PushMessage push = new PushMessage("m-2", "room1", RawJson.trusted("[1,2]"));

        assertThat(text(push.encode(alloc)))
                .isEqualTo("{\"cmd\":\"push\",\"id\":\"m-2\",\"group\":\"room1\",\"data\":[1,2]}");
    }

    @Test
    void pushOnAStreamCarriesItAndItsSeq() {
        PushMessage push = new PushMessage("m-3", "group:room1", "room1", RawJson.trusted("{\"n\":1}"));

        assertThat(text(push.encode(alloc, 42))).isEqualTo("{\"cmd\":\"push\",\"id\":\"m-3\",\"stream\":\"group:room1\","
                + "\"seq\":42,\"group\":\"room1\",\"data\":{\"n\":1}}");
        assertThat(text(push.encode(alloc))).as("without a seq, no stream either")
                .isEqualTo("{\"cmd\":\"push\",\"id\":\"m-3\",\"group\":\"room1\",\"data\":{\"n\":1}}");
    }

    @Test
    void aSeqFrameIsItsHeadTheSeqAndItsTail() {
        PushMessage push = new PushMessage("m-\u00e9", PushMessage.userStream("al\"ice"), null, RawJson.trusted("[1]"));

        String joined = new String(push.seqHead(), StandardCharsets.UTF_8) + 9_007_199_254_740_993L
                + new String(push.seqTail(), StandardCharsets.UTF_8);

        assertThat(joined).isEqualTo(text(push.encode(alloc, 9_007_199_254_740_993L)));
        assertThat(PushMessage.groupStream("r")).isEqualTo("group:r");
        assertThat(PushMessage.ALL_STREAM).isEqualTo("all");
    }

    @Test
    void aPushOnNoStreamHasNoSeqFrame() {
        PushMessage push = new PushMessage("m-1", null, RawJson.NULL);

        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> push.encode(alloc, 1));
    }

    @Test
    void pushParsesBackWithEveryField() throws WireException {
        JsonObject frame = parse(new PushMessage("m-2", "room1", RawJson.trusted("{\"n\":1}")).encode(alloc));

        assertThat(frame.optString("cmd")).isEqualTo("push");
        assertThat(frame.optString("id")).isEqualTo("m-2");
        assertThat(frame.optString("group")).isEqualTo("room1");
        assertThat(frame.optRaw("data")).isEqualTo(RawJson.trusted("{\"n\":1}"));
    }

    @Test
    void pushWithoutGroupParsesBackWithoutIt() throws WireException {
        JsonObject frame = parse(new PushMessage("m-1", null, RawJson.NULL).encode(alloc));

        assertThat(frame.optString("cmd")).isEqualTo("push");
        assertThat(frame.optString("id")).isEqualTo("m-1");
        assertThat(frame.optRaw("group")).isNull();
        assertThat(frame.optRaw("data")).isSameAs(RawJson.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "0", "-12", "1.5", "true", "false", "\"text\"", "[]", "{}",
            "\"h\u00e9 \u2713 \ud83d\ude00\"", "\"q\\\"b\\\\n\\n\\u0001\"",
            "{\"s\":\"h\u00e9 \u2713\",\"a\":[1,{\"x\":null}],\"b\":true}"})
    void copiesDataVerbatim(String data) throws WireException {
        String text = text(new PushMessage("m-1", "room1", RawJson.trusted(data)).encode(alloc));

        assertThat(text).endsWith(",\"data\":" + data + "}");
        assertThat(parse(text).optRaw("data")).isEqualTo(RawJson.trusted(data));
    }

    @Test
    void copiesSupplementaryCharactersInDataVerbatim() throws WireException {
        String data = "{\"s\":\"\ud83d\ude00 \\ud83d\\ude00\"}";

        String text = text(new PushMessage("m-1", null, RawJson.trusted(data)).encode(alloc));

        assertThat(text).endsWith(",\"data\":" + data + "}");
        assertThat(parse(parse(text).optRaw("data").toString()).optString("s"))
                .isEqualTo("\ud83d\ude00 \ud83d\ude00");
    }

    @Test
    void keepsDataLargerThanTheSizeHint() throws WireException {
        String data = "{\"blob\":\"" + "\u4e2d".repeat(20_000) + "\"}";

        JsonObject frame = parse(new PushMessage("m-1", null, RawJson.trusted(data)).encode(alloc));

        assertThat(frame.optRaw("data")).isEqualTo(RawJson.trusted(data));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "back\\slash", "\\\"", "line\nbreak\t", "ctl\u0000\u001f", "h\u00e9 \u4e2d",
            "emoji \ud83d\ude00", "</script>"})
    void escapesIdAndGroup(String value) throws WireException {
        JsonObject frame = parse(new PushMessage(value, value, RawJson.NULL).encode(alloc));

        assertThat(frame.optString("id")).isEqualTo(value);
        assertThat(frame.optString("group")).isEqualTo(value);
    }

    @Test
    void escapesIdsAndGroupsLongerThanTheSizeHint() throws WireException {
        String id = "\"\\\ud83d\ude00".repeat(300);
        String group = "\u00e9\n".repeat(300);

        JsonObject frame = parse(new PushMessage(id, group, RawJson.NULL).encode(alloc));

        assertThat(frame.optString("id")).isEqualTo(id);
        assertThat(frame.optString("group")).isEqualTo(group);
    }

    @Test
    void encodesTheSameBytesIntoANewBufferEachTime() {
        PushMessage push = new PushMessage("m-1", "room1", RawJson.trusted("{\"a\":1}"));
        ByteBuf first = push.encode(alloc);
        ByteBuf second = push.encode(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(first).isNotSameAs(second).isEqualTo(second);
            assertThat(first.refCnt()).isEqualTo(1);
            assertThat(second.refCnt()).isEqualTo(1);
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void retainedDuplicatesShareTheEncodedBytes() {
        ByteBuf frame = new PushMessage("m-1", null, RawJson.NULL).encode(alloc);
        ByteBuf forConnection = frame.retainedDuplicate();
        try {
            assertThat(frame.refCnt()).isEqualTo(2);
            assertThat(forConnection.toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":null}");
        } finally {
            forConnection.release();
            assertThat(frame.release()).isTrue();
        }
    }

    @Test
    void refusesAMissingOrEmptyId() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PushMessage(null, null, RawJson.NULL))
                .withMessage("id: null (expected: a non-empty string)");
        assertThatIllegalArgumentException().isThrownBy(() -> new PushMessage("", null, RawJson.NULL))
                .withMessage("id:  (expected: a non-empty string)");
    }

    @Test
    void refusesMissingData() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PushMessage("m-1", null, null))
                .withMessage("data: null (expected: a JSON value)");
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

    private JsonObject parse(String text) throws WireException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return JsonObject.parse(json, utf8, 0, utf8.length);
    }
}
