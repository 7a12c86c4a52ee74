package io.herald.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RawJsonTest {

    @Test
    void constantsHoldTheirJsonText() {
        assertThat(RawJson.NULL).hasToString("null");
        assertThat(RawJson.NULL.length()).isEqualTo(4);
    }

    @Test
    void lengthCountsUtf8Bytes() {
        RawJson raw = RawJson.trusted("\"h\u00e9\ud83d\ude00\"");

        assertThat(raw.length()).isEqualTo(1 + 1 + 2 + 4 + 1);
        assertThat(raw).hasToString("\"h\u00e9\ud83d\ude00\"");
    }

    @Test
    void textAndBytesMakeTheSameValue() {
        RawJson fromText = RawJson.trusted("{\"a\":\"\u00e9\"}");
        RawJson fromBytes = RawJson.trusted("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(fromText).isEqualTo(fromBytes).hasSameHashCodeAs(fromBytes);
        assertThat(RawJson.trusted("null")).isEqualTo(RawJson.NULL);
    }

    @Test
    void valuesWithDifferentTextDiffer() {
        assertThat(RawJson.trusted("{\"a\":1}")).isNotEqualTo(RawJson.trusted("{\"a\": 1}"));
        assertThat(RawJson.trusted("1")).isNotEqualTo("1");
    }
}
