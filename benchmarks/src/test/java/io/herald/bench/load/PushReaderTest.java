package io.herald.bench.load;

import io.herald.codec.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PushReaderTest {

    private static final String BROADCAST = "{\"cmd\":\"push\",\"id\":\"run1.42\",\"group\":\"room-1\","
            + "\"data\":{\"t\":1763700000123456,\"pad\":\"xxxx\"}}";

    private final RunIds ids = new RunIds("run1");
    private final PushReader reader = new PushReader(PushReader.prefix(ids));
    private final Json json = new Json();

    @Test
    void readsTheNumberAndSendTimeOfAPushInTheNodesLayout() {
        assertThat(read(heap(BROADCAST))).isTrue();
        assertThat(reader.seq()).isEqualTo(42);
        assertThat(reader.sentMicros()).isEqualTo(1_763_700_000_123_456L);

        assertRead("{\"cmd\":\"push\",\"id\":\"run1.0\",\"data\":{\"t\":0}}", 0, 0);
        assertRead("{\"cmd\":\"push\",\"id\":\"run1.7\",\"seq\":3,\"group\":\"g\",\"seq\":10,"
                + "\"data\":{\"t\":5}}", 7, 5);
        assertRead("{\"cmd\":\"push\",\"id\":\"run1.8\",\"stream\":\"group:room-1\",\"seq\":41,\"group\":\"room-1\","
                + "\"data\":{\"t\":6}}", 8, 6);
        assertRead("{\"cmd\":\"push\",\"id\":\"run1.9\",\"stream\":\"all\",\"seq\":1,\"data\":{\"t\":7}}", 9, 7);
        assertRead("{\"cmd\":\"push\",\"id\":\"run1.999999999999999999\",\"data\":{\"t\":999999999999999999,"
                + "\"t\":\"later\",\"note\":\"a b\"}}", 999_999_999_999_999_999L, 999_999_999_999_999_999L);
    }

    @Test
    void readsMessageNumbersAsTheRunsIdsDo() {
        assertRead("{\"cmd\":\"push\",\"id\":\"run1.007\",\"data\":{\"t\":1}}", ids.seq("run1.007"), 1);
    }

    @Test
    void readsAFrameWithinALargerBuffer() {
        ByteBuf direct = Unpooled.directBuffer().writeBytes(bytes("junk" + BROADCAST + "junk"));
        try {
            assertThat(reader.read(direct, 4, BROADCAST.length())).isTrue();
            assertThat(reader.seq()).isEqualTo(42);
            assertThat(reader.read(direct, 4, BROADCAST.length() + 1)).isFalse();
            assertThat(reader.read(direct, 3, BROADCAST.length())).isFalse();
            assertThat(direct.readerIndex()).isZero();
        } finally {
            direct.release();
        }
    }

    @Test
    void readsDirectBuffersAndSlicesWithoutMovingTheirIndexes() {
        ByteBuf direct = Unpooled.directBuffer().writeBytes(bytes(BROADCAST));
        ByteBuf framed = heap("junk" + BROADCAST + "junk");
        ByteBuf slice = framed.slice(4, BROADCAST.length());
        try {
            assertThat(read(direct)).isTrue();
            assertThat(reader.seq()).isEqualTo(42);
            assertThat(read(slice)).isTrue();
            assertThat(reader.sentMicros()).isEqualTo(1_763_700_000_123_456L);
            assertThat(direct.readerIndex()).isZero();
            assertThat(slice.readerIndex()).isZero();
        } finally {
            direct.release();
            framed.release();
        }
    }

    @Test
    void leavesADirectFrameBeyondItsScratchLimitToTheParser() {
        String pad = "x".repeat(PushReader.MAX_SCRATCH);
        ByteBuf direct = Unpooled.directBuffer().writeBytes(
                bytes("{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1,\"pad\":\"" + pad + "\"}}"));
        try {
            assertThat(read(direct)).isFalse();
        } finally {
            direct.release();
        }
    }

    @Test
    void leavesEverythingElseToTheParser() {
        String[] others = {
            "{\"id\":\"login\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\"}",
            "{\"cmd\":\"push\",\"id\":\"other.1\",\"data\":{\"t\":1}}",          // another run's
            "{\"cmd\":\"push\",\"id\":\"run12.1\",\"data\":{\"t\":1}}",          // a run whose id starts alike
            "{\"cmd\":\"push\",\"id\":\"run1.\",\"data\":{\"t\":1}}",            // no number
            "{\"cmd\":\"push\",\"id\":\"run1.1x\",\"data\":{\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1234567890123456789\",\"data\":{\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":-1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":01}}",          // not JSON
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1.5}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1e3}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":\"1\"}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1234567890123456789}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1,\"t\":2}}",   // the last t counts in JSON
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1,\"n\":{\"t\":2}}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1,\"pad\":\"x\\\"y\"}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1,\"pad\":\"caf\u00e9\"}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"pad\":\"x\",\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"group\":\"g\\\\\",\"data\":{\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"stream\":\"user:\u00e9\",\"data\":{\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"stream\":3,\"data\":{\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"seq\":-3,\"data\":{\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1},\"group\":\"g\"}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1}} ",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1}}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1,}}",
            "{\"cmd\":\"push\", \"id\":\"run1.1\",\"data\":{\"t\":1}}",
            "{\"cmd\":\"push\",\"id\":\"run1.1\",\"data\":{\"t\":1",
            "{\"cmd\":\"push\",\"id\":\"run1.1",
            "",
        };
        for (String other : others) {
            assertThat(read(heap(other))).as(other).isFalse();
        }
    }

    @Test
    void whatItReadsTheParserReadsAlikeUnderRandomDamage() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] good = bytes("{\"cmd\":\"push\",\"id\":\"run1.42\",\"seq\":12,\"group\":\"g\",\"data\":{\"t\":170,"
                + "\"pad\":\"xx\"}}");
        byte[] alphabet = bytes("{}[]\",:.0123456789-+eEtx \\\u0001");
        int accepted = 0;
        for (int round = 0; round < 50_000; round++) {
            byte[] b = good.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                b[random.nextInt(b.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            int end = random.nextInt(10) == 0 ? random.nextInt(b.length + 1) : b.length;
            ByteBuf buf = Unpooled.wrappedBuffer(b, 0, end);
            if (read(buf)) {
                accepted++;
                InboundFrame parsed = InboundFrame.read(json, buf);
                String text = new String(b, 0, end, StandardCharsets.US_ASCII);
                assertThat(parsed.isPush()).as(text).isTrue();
                assertThat(ids.seq(parsed.id())).as(text).isEqualTo(reader.seq());
                assertThat(parsed.sentMicros()).as(text).isEqualTo(reader.sentMicros());
            }
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    private boolean read(ByteBuf buf) {
        return reader.read(buf, buf.readerIndex(), buf.readableBytes());
    }

    private void assertRead(String text, long seq, long sentMicros) {
        assertThat(read(heap(text))).as(text).isTrue();
        assertThat(reader.seq()).as(text).isEqualTo(seq);
        assertThat(reader.sentMicros()).as(text).isEqualTo(sentMicros);
    }

    private static ByteBuf heap(String text) {
        return Unpooled.wrappedBuffer(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
