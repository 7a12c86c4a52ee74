package io.herald.codec;

import io.herald.codec.testing.JsonFuzz;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link Utf8} against the JDK's own strict UTF-8 decoder: the same bytes are UTF-8 for both, and where they
 * are not, the first bad byte is where the JDK's decoder stops.
 */
class Utf8FuzzTest {

    @Property(tries = 3000, seed = JsonFuzz.SEED)
    void agreesWithTheJdksDecoder(@ForAll("utf8ish") byte[] bytes) {
        int invalid = Utf8.firstInvalid(bytes, 0, bytes.length);

        assertThat(invalid).isEqualTo(jdkFirstInvalid(bytes));
    }

    @Property(tries = 500, seed = JsonFuzz.SEED)
    void anyStringsUtf8FormIsValidAtAnyOffset(@ForAll String text) {
        byte[] utf8 = ("xy" + text).getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8.firstInvalid(utf8, 2, utf8.length - 2)).isEqualTo(-1);
    }

    /** Mostly valid text with bytes that break it here and there: leads, continuations, the edges of each range. */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<byte[]> valid = Arbitraries.strings().all().ofMaxLength(10)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> edge = Arbitraries.of(0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                0xE0, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xF8, 0xFF).map(b -> new byte[]{(byte) (int) b});
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4);
        return Arbitraries.oneOf(valid, edge, random).list().ofMaxSize(12).map(parts -> {
            ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(p -> p.length).sum());
            parts.forEach(all::put);
            return all.array();
        });
    }

    private static int jdkFirstInvalid(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in);
            return -1;
        } catch (CharacterCodingException e) {
            return in.position();
        }
    }
}
