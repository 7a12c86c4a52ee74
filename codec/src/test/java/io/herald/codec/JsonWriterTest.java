package io.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonWriterTest {

    @Test
    void quotesAndEscapesAString() {
        byte[] quoted = JsonWriter.quote("a\"b\\c\nd\u0001\u00e9");

        assertThat(new String(quoted, StandardCharsets.UTF_8)).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\u00e9\"");
    }

    @Test
    void quotesAnEmptyString() {
        assertThat(new String(JsonWriter.quote(""), StandardCharsets.UTF_8)).isEqualTo("\"\"");
    }

    @Test
    void writesEveryKindOfValue() {
        ByteBuf buf = Unpooled.buffer();
        try {
            new JsonWriter(buf).raw("[").string("s\"").raw(",").string(null).raw(",").number(-42L).raw(",")
                    .bool(true).raw(",").bool(false).raw(",").value(RawJson.trusted("{\"a\":[1]}")).raw("]");

            assertThat(buf.toString(StandardCharsets.UTF_8))
                    .isEqualTo("[\"s\\\"\",null,-42,true,false,{\"a\":[1]}]");
        } finally {
            buf.release();
        }
    }

    @Test
    void writesArraysElementByElement() {
        ByteBuf buf = Unpooled.buffer();
        try {
            new JsonWriter(buf).raw("{\"a\":").strings(java.util.List.of("x", "y\"")).raw(",\"b\":")
                    .strings(java.util.List.of()).raw(",\"c\":")
                    .array(java.util.List.of(1L, 2L), (w, n) -> w.raw("{\"n\":").number(n).raw("}")).raw("}");

            assertThat(buf.toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"a\":[\"x\",\"y\\\"\"],\"b\":[],\"c\":[{\"n\":1},{\"n\":2}]}");
        } finally {
            buf.release();
        }
    }

    @Test
    void plainAsciiStringsAndStringsThatNeedEscapingComeOutAsTheEncoderWritesThem() {
        String[] samples = {"user-42", "~!#$%&'()*+,-./:;<=>?@[]^_`{|}", "", " ", "a\"b", "back\\slash", "tab\t",
            "\u007f", "caf\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "\u0000"};
        for (String sample : samples) {
            ByteBuf buf = Unpooled.buffer();
            try {
                new JsonWriter(buf).string(sample);

                assertThat(buf.toString(StandardCharsets.UTF_8)).as(sample)
                        .isEqualTo(new String(JsonWriter.quote(sample), StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void writesIntoTheBufferItWasGiven() {
        ByteBuf buf = Unpooled.buffer();
        try {
            assertThat(new JsonWriter(buf).number(Long.MIN_VALUE).buffer()).isSameAs(buf);
            assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo(Long.toString(Long.MIN_VALUE));
        } finally {
            buf.release();
        }
    }
}
