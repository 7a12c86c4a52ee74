package io.herald.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import io.herald.codec.testing.JsonFuzz;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link CommandReader} (issue 12) with jqwik, a bounded number of tries from a fixed seed
 * ({@link JsonFuzz#SEED}): (a) any bytes, and any mutation of a valid command or of an input of the corpus
 * ({@code src/test/resources/fuzz-corpus/commands}), is either read as a command or refused with a
 * {@link WireException} 400, and nothing else is thrown; what is read holds only valid UTF-8 and its {@code data} is
 * one JSON value taken from the frame as sent; (b) every valid command reads back as the command it was written
 * from, its {@code data} byte for byte.
 */
class CommandReaderFuzzTest {

    private static final Set<String> RESERVED = Set.of("login", "heartbeat", "ack", "join", "leave");

    private final Json json = new Json();
    private final CommandReader reader = new CommandReader(json);

    @Property(tries = 3000, seed = JsonFuzz.SEED)
    void anyBytesAreReadOrRefusedWithA400(@ForAll @Size(max = 300) byte[] frame) {
        readOrRefuse(frame);
    }

    @Property(tries = 3000, seed = JsonFuzz.SEED)
    void anyJsonishTextIsReadOrRefusedWithA400(@ForAll("jsonish") String text) {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000, seed = JsonFuzz.SEED)
    void anyMutationOfACommandIsReadOrRefusedWithA400(@ForAll("commands") Written command,
                                                      @ForAll("mutations") List<JsonFuzz.Mutation> mutations) {
        readOrRefuse(JsonFuzz.mutate(command.utf8(), mutations));
    }

    @Property(tries = 1000, seed = JsonFuzz.SEED)
    void anyMutationOfTheCorpusIsReadOrRefusedWithA400(@ForAll("corpus") byte[] input,
                                                       @ForAll("mutations") List<JsonFuzz.Mutation> mutations) {
        readOrRefuse(JsonFuzz.mutate(input, mutations));
    }

    @Property(tries = 1000, seed = JsonFuzz.SEED)
    void aValidCommandReadsBackAsWritten(@ForAll("commands") Written command) throws WireException {
        byte[] utf8 = command.utf8();

        ClientCommand read = reader.read(utf8, 0, utf8.length);

        assertThat(read).isEqualTo(command.command());
        if (read instanceof ClientCommand.Custom custom) {
            assertThat(custom.data().bytes()).isEqualTo(((ClientCommand.Custom) command.command()).data().bytes());
        }
    }

    /** Reads the frame: either a command that holds up, or a 400; any other exception fails the property. */
    private void readOrRefuse(byte[] frame) {
        ClientCommand command;
        try {
            command = reader.read(frame, 0, frame.length);
        } catch (WireException e) {
            assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(300);
            return;
        }
        assertThat(Utf8.firstInvalid(frame, 0, frame.length)).as("a frame that is not UTF-8 was read").isEqualTo(-1);
        assertThat(command.id()).isNotEmpty();
        assertThat(JsonObject.isName(command.cmd())).isTrue();
        if (command instanceof ClientCommand.Custom custom) {
            byte[] data = custom.data().bytes();
            assertThat(Utf8.firstInvalid(data, 0, data.length)).isEqualTo(-1);
            // One JSON value: it reads back as the data of an object that holds nothing else.
            byte[] wrapped = ("{\"data\":" + custom.data() + "}").getBytes(StandardCharsets.UTF_8);
            try {
                assertThat(JsonObject.parse(json, wrapped, 0, wrapped.length).optRaw("data"))
                        .isEqualTo(custom.data());
            } catch (WireException e) {
                throw new AssertionError("data that is not one JSON value was read: " + custom.data(), e);
            }
        }
    }

    /** A command as written on the wire and as it should be read. */
    record Written(String text, ClientCommand command) {
        byte[] utf8() {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Provide
    Arbitrary<Written> commands() {
        return Arbitraries.oneOf(logins(), simple(), groups(), customs());
    }

    @Provide
    Arbitrary<List<JsonFuzz.Mutation>> mutations() {
        return JsonFuzz.mutations();
    }

    @Provide
    Arbitrary<byte[]> corpus() {
        return Arbitraries.of(JsonFuzz.corpusBytes("commands"));
    }

    /** Text made of JSON's own pieces, in any order: mostly not JSON, sometimes almost. */
    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "\"id\"", "\"cmd\"", "\"data\"", "\"login\"",
                "\"x\"", "1", "-0", "1e999999", "null", "true", " ", "\\", "\\u0000", "\u00e9")
                .list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    /** A command's id or a token: any text that has a UTF-8 form, control characters included, not empty. */
    private static Arbitrary<String> ids() {
        return JsonFuzz.wellFormedTexts().filter(t -> !t.isEmpty());
    }

    private Arbitrary<Written> logins() {
        Arbitrary<Map<String, StreamPosition>> since = Combinators.combine(JsonFuzz.names(), JsonFuzz.names(),
                Arbitraries.longs().greaterOrEqual(0)).as((stream, epoch, seq) -> Map.entry(stream,
                        new StreamPosition(epoch, seq))).list().ofMaxSize(3).map(entries -> {
                            Map<String, StreamPosition> positions = new LinkedHashMap<>();
                            entries.forEach(e -> positions.putIfAbsent(e.getKey(), e.getValue()));
                            return positions;
                        });
        return Combinators.combine(ids(), JsonFuzz.names(), ids(), JsonFuzz.names().injectNull(0.5), since,
                Arbitraries.of(true, false), Arbitraries.longs())
                .as((id, uid, token, device, positions, ordered, seed) -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("id", quote(id));
                    fields.put("cmd", quote("login"));
                    fields.put("uid", quote(uid));
                    fields.put("token", quote(token));
                    if (device != null) {
                        fields.put("device", quote(device));
                    }
                    if (!positions.isEmpty() || seed % 2 == 0) {
                        List<String> members = new ArrayList<>();
                        positions.forEach((stream, p) -> members.add(quote(stream) + ":{\"epoch\":" + quote(p.epoch())
                                + ",\"seq\":" + p.seq() + "}"));
                        fields.put("since", "{" + String.join(",", members) + "}");
                    }
                    if (ordered || seed % 3 == 0) {
                        fields.put("ordered", String.valueOf(ordered));
                    }
                    return written(fields, seed, new ClientCommand.Login(id, uid, token, device, positions, ordered));
                });
    }

    private Arbitrary<Written> simple() {
        return Combinators.combine(ids(), Arbitraries.of("heartbeat", "ack"), Arbitraries.longs())
                .as((id, cmd, seed) -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("id", quote(id));
                    fields.put("cmd", quote(cmd));
                    return written(fields, seed, cmd.equals("ack") ? new ClientCommand.Ack(id)
                            : new ClientCommand.Heartbeat(id));
                });
    }

    private Arbitrary<Written> groups() {
        return Combinators.combine(ids(), Arbitraries.of("join", "leave"), JsonFuzz.names(), Arbitraries.longs())
                .as((id, cmd, group, seed) -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("id", quote(id));
                    fields.put("cmd", quote(cmd));
                    fields.put("group", quote(group));
                    return written(fields, seed, cmd.equals("join") ? new ClientCommand.Join(id, group)
                            : new ClientCommand.Leave(id, group));
                });
    }

    private Arbitrary<Written> customs() {
        return Combinators.combine(ids(), JsonFuzz.names().filter(n -> !RESERVED.contains(n)),
                JsonFuzz.values(3).injectNull(0.1), Arbitraries.longs()).as((id, cmd, data, seed) -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("id", quote(id));
                    fields.put("cmd", quote(cmd));
                    if (data != null) {
                        fields.put("data", data);
                    }
                    fields.put("extra", "{\"ignored\":[1,{\"a\":null}]}");
                    return written(fields, seed, new ClientCommand.Custom(id, cmd,
                            data == null ? RawJson.NULL : RawJson.trusted(data)));
                });
    }

    /** The fields in an order and with whitespace picked by {@code seed}, as one JSON object. */
    private static Written written(Map<String, String> fields, long seed, ClientCommand command) {
        Random random = new Random(seed);
        List<String> members = new ArrayList<>();
        fields.forEach((name, value) -> members.add(quote(name) + space(random) + ":" + space(random) + value));
        Collections.shuffle(members, random);
        return new Written(space(random) + "{" + space(random) + String.join("," + space(random), members)
                + space(random) + "}" + space(random), command);
    }

    private static String space(Random random) {
        return List.of("", "", "", " ", "\n", "\t", "\r\n ").get(random.nextInt(7));
    }

    private static String quote(String value) {
        return new String(JsonWriter.quote(value), StandardCharsets.UTF_8);
    }
}
