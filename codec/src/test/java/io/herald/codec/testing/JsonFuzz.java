package io.herald.codec.testing;

import io.herald.codec.JsonWriter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generators for fuzzing JSON decoders with jqwik: JSON values as text (any kind, nested, with odd but valid
 * numbers, escapes and whitespace), names, and mutations that break valid input the ways a hostile or broken peer
 * would (a byte changed, a token inserted, a range cut or repeated, a string emptied, a value of another kind put in
 * place of one, the text cut short), and the corpus of inputs
 * kept in a module's {@code src/test/resources/fuzz-corpus}. Shared with the other modules' tests through codec's
 * test-jar; stateless.
 */
public final class JsonFuzz {

    /** The seed of every property: CI runs the same cases each time; change it locally to explore more. */
    public static final String SEED = "20261203";

    /** Tokens that a mutation inserts: structure, escapes, odd numbers, bytes that are not UTF-8, a BOM. */
    private static final List<byte[]> TOKENS = Stream.of(
            "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\\u0000", "0", "-", "-0", "1e999999",
            "9".repeat(1001), "null", "true", "nul", "NaN", " ", "\n", "\u0000", "\u0001", "\"cmd\":\"login\",",
            "\"id\":\"x\",", "\"data\":", "[".repeat(100), "{\"a\":".repeat(70), "\u00e9", "\ud83d\ude00",
            "\ufeff").map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    /** Values of every kind that a mutation puts where another was. */
    private static final List<byte[]> VALUES = Stream.of("\"\"", "0", "-1", "-0", "1.5", "1e999999",
            "99999999999999999999", "null", "true", "[]", "{}", "[\"\"]", "\"\\u0000\"", "\"\\ud800\"", "\"x\"")
            .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    private static final List<byte[]> BAD_BYTES = List.of(new byte[]{(byte) 0xC0, (byte) 0xAF},
            new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80,
                    (byte) 0x80}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0x80}, new byte[]{(byte) 0xE2},
            new byte[]{(byte) 0xFE, (byte) 0xFF});

    private JsonFuzz() {
    }

    /** Text a name may be: not empty, no control character, surrogates only in pairs. */
    public static Arbitrary<String> names() {
        return Arbitraries.strings()
                .withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').withCharRange('\u4e00', '\u4e20')
                .withChars('"', '\\', '/', '\u2028', '\ufffd')
                .ofMinLength(1).ofMaxLength(12)
                .edgeCases(edges -> edges.add("\ud83d\ude00"));
    }

    /** Any string at all, control characters and half surrogate pairs included. */
    public static Arbitrary<String> texts() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }

    /** Any string that has a UTF-8 form: control characters included, surrogates only in pairs. */
    public static Arbitrary<String> wellFormedTexts() {
        return texts().filter(t -> t.equals(new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    }

    /** A JSON string literal for {@code value}, its non-ASCII characters raw or as escapes. */
    public static Arbitrary<String> literal(String value) {
        return Arbitraries.of(true, false).map(escapeAll -> escapeAll ? escaped(value)
                : new String(JsonWriter.quote(value), StandardCharsets.UTF_8));
    }

    private static String escaped(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }

    /** Any JSON value as text, nested up to {@code depth} levels, with whitespace where JSON allows it. */
    public static Arbitrary<String> values(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(numbers(), texts().flatMap(JsonFuzz::literal),
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> values(depth - 1));
        Arbitrary<String> array = Combinators.combine(inner.list().ofMaxSize(4), whitespace())
                .as((items, ws) -> "[" + ws + String.join(ws + "," + ws, items) + ws + "]");
        // Keys have a UTF-8 form: Jackson refuses a name escaping half a surrogate pair (a 400), though not a value.
        Arbitrary<String> member = Combinators.combine(wellFormedTexts().flatMap(JsonFuzz::literal), whitespace(),
                        inner)
                .as((key, ws, value) -> key + ws + ":" + ws + value);
        Arbitrary<String> object = Combinators.combine(member.list().ofMaxSize(4), whitespace())
                .as((members, ws) -> "{" + ws + String.join("," + ws, members) + ws + "}");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, array), net.jqwik.api.Tuple.of(2, object));
    }

    /** JSON numbers, the odd valid ones included: -0, exponents, more digits than a long or a double holds. */
    public static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(),
                        java.math.BigInteger.TEN.pow(30)).map(String::valueOf),
                Arbitraries.of("-0", "0.0", "-0.0e-0", "1e999999", "-1E+400", "0.10000000000000000555", "1e-999999",
                        "9".repeat(1000))); // the longest number Json reads
    }

    public static Arbitrary<String> whitespace() {
        return Arbitraries.of("", "", "", " ", "\n", "\t ", "\r\n  ");
    }

    /** One change to a byte array; {@code at} and {@code length} are fractions of its size, so they shrink well. */
    public record Mutation(int kind, double at, double length, int token) {

        public byte[] apply(byte[] input) {
            int n = input.length;
            int start = (int) (at * n);
            int span = Math.min(n - start, Math.max(1, (int) (length * n)));
            ByteArrayOutputStream out = new ByteArrayOutputStream(n + 1100);
            switch (kind) {
                case 0 -> { // replace one byte
                    out.write(input, 0, n);
                    byte[] bytes = out.toByteArray();
                    if (n > 0) {
                        bytes[Math.min(start, n - 1)] = (byte) token;
                    }
                    return bytes;
                }
                case 1 -> { // insert a token
                    out.write(input, 0, start);
                    out.writeBytes(TOKENS.get(Math.floorMod(token, TOKENS.size())));
                    out.write(input, start, n - start);
                }
                case 2 -> { // insert bytes that are not UTF-8
                    out.write(input, 0, start);
                    out.writeBytes(BAD_BYTES.get(Math.floorMod(token, BAD_BYTES.size())));
                    out.write(input, start, n - start);
                }
                case 3 -> { // cut a range
                    out.write(input, 0, start);
                    out.write(input, start + span, n - start - span);
                }
                case 4 -> { // repeat a range
                    out.write(input, 0, start + span);
                    out.write(input, start, n - start);
                }
                case 5 -> { // empty the next string
                    int open = indexOf(input, '"', start);
                    int close = open < 0 ? -1 : indexOf(input, '"', open + 1);
                    if (close < 0) {
                        return input;
                    }
                    out.write(input, 0, open + 1);
                    out.write(input, close, n - close);
                }
                case 6 -> { // put a value of another kind in place of the next field's value
                    int colon = indexOf(input, ':', start);
                    if (colon < 0) {
                        return input;
                    }
                    int end = colon + 1;
                    while (end < n && input[end] != ',' && input[end] != '}' && input[end] != ']') {
                        end++;
                    }
                    out.write(input, 0, colon + 1);
                    out.writeBytes(VALUES.get(Math.floorMod(token, VALUES.size())));
                    out.write(input, end, n - end);
                }
                default -> out.write(input, 0, start); // cut short
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] bytes, char c, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == c) {
                    return i;
                }
            }
            return -1;
        }
    }

    public static Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 0.5),
                Arbitraries.integers().between(-128, 255)).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    /** Applies the mutations in turn. */
    public static byte[] mutate(byte[] input, List<Mutation> mutations) {
        byte[] bytes = input;
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        return bytes;
    }

    /** The files of a corpus directory under {@code src/test/resources/fuzz-corpus} and its own, by path. */
    public static List<Path> corpus(String directory) {
        Path dir = Paths.get("src", "test", "resources", "fuzz-corpus", directory);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every corpus file's bytes, for a property to start its mutations from. */
    public static List<byte[]> corpusBytes(String directory) {
        List<byte[]> all = new ArrayList<>();
        corpus(directory).forEach(f -> all.add(bytes(f)));
        return all;
    }
}
