package io.herald.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every JSON shape that can go wrong in a client command (issue 12), in every field a command has: wrong types,
 * empty strings, control characters and unpaired surrogates where a name is expected, deep nesting, huge numbers,
 * duplicate fields, invalid UTF-8, truncation, trailing garbage, a top level that is not an object, a byte order
 * mark. Each is a {@link WireException} 400 whose message names the field or the problem; nothing else escapes.
 * What a command may carry ({@code data}, escaped text in an id or a token) is read as sent.
 */
class HostileCommandTest {

    private final CommandReader reader = new CommandReader(new Json());

    /** A valid command of each kind, with every field it may have; each test changes one field. */
    private static final Map<String, Map<String, String>> COMMANDS = Map.of(
            "login", fields("\"id\":\"1\"", "\"cmd\":\"login\"", "\"uid\":\"alice\"", "\"token\":\"t0k\"",
                    "\"device\":\"web\"", "\"since\":{\"all\":{\"epoch\":\"e1\",\"seq\":4}}", "\"ordered\":true"),
            "heartbeat", fields("\"id\":\"2\"", "\"cmd\":\"heartbeat\""),
            "ack", fields("\"cmd\":\"ack\"", "\"id\":\"m-1\""),
            "join", fields("\"id\":\"3\"", "\"cmd\":\"join\"", "\"group\":\"room1\""),
            "leave", fields("\"id\":\"3\"", "\"cmd\":\"leave\"", "\"group\":\"room1\""),
            "custom", fields("\"id\":\"4\"", "\"cmd\":\"chat.send\"", "\"data\":{\"to\":\"bob\"}"));

    /** What each field is: how it answers a value of the wrong kind. */
    private enum Kind { STRING, NAME, OPTIONAL_NAME, BOOLEAN, POSITIONS, ANY }

    private static final Map<String, Kind> KINDS = Map.of("id", Kind.STRING, "token", Kind.STRING,
            "cmd", Kind.NAME, "uid", Kind.NAME, "group", Kind.NAME, "device", Kind.OPTIONAL_NAME,
            "ordered", Kind.BOOLEAN, "since", Kind.POSITIONS, "data", Kind.ANY);

    private static final String DEEP_ARRAYS = "[".repeat(10_000) + "]".repeat(10_000);
    private static final String DEEP_OBJECTS = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    private static final String LONG_INTEGER = "9".repeat(10_000);

    /** Values of every JSON kind, each where the field wants another. */
    private static final List<String> WRONG_KINDS = List.of("42", "-0", "1.5", "1e999999", "-1e-999999", "true",
            "false", "[]", "[\"x\"]", "{}", "{\"a\":1}", "\"text\"");

    static Stream<Arguments> wrongKinds() {
        List<Arguments> cases = new ArrayList<>();
        COMMANDS.forEach((name, fields) -> fields.keySet().forEach(field -> {
            Kind kind = KINDS.get(field);
            for (String value : WRONG_KINDS) {
                if (!fitsKind(kind, value)) {
                    cases.add(arguments(name, field, value, wrongKindMessage(field, kind)));
                }
            }
        }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("wrongKinds")
    void aValueOfTheWrongKindIsA400NamingTheField(String command, String field, String value, String message) {
        WireException e = refused(with(command, field, value));

        assertThat(e.getMessage()).isEqualTo(message);
    }

    static Stream<Arguments> missingOrEmpty() {
        List<Arguments> cases = new ArrayList<>();
        COMMANDS.forEach((name, fields) -> fields.keySet().forEach(field -> {
            Kind kind = KINDS.get(field);
            if (kind == Kind.STRING || kind == Kind.NAME) {
                cases.add(arguments(name, field, "null", "missing field '" + field + "'"));
                cases.add(arguments(name, field, "\"\"", "field '" + field + "' must not be empty"));
            }
        }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("missingOrEmpty")
    void aRequiredFieldThatIsNullOrEmptyIsA400NamingIt(String command, String field, String value, String message) {
        assertThat(refused(with(command, field, value)).getMessage()).isEqualTo(message);
    }

    static Stream<Arguments> notNames() {
        List<Arguments> cases = new ArrayList<>();
        COMMANDS.forEach((name, fields) -> fields.keySet().forEach(field -> {
            Kind kind = KINDS.get(field);
            if (kind == Kind.NAME || kind == Kind.OPTIONAL_NAME) {
                for (String value : List.of("\"a\\u0000b\"", "\"line\\nbreak\"", "\"tab\\t\"", "\"del\\u007f\"",
                        "\"c1\\u0085\"", "\"\\ud800\"", "\"x\\udc00y\"", "\"\\ude00\\ud83d\"")) {
                    cases.add(arguments(name, field, value));
                }
            }
        }));
        return cases.stream();
    }

    @Test
    void aNameOfMoreThan1024CharactersIsA400AndOneOf1024IsRead() throws Exception {
        String longest = "u".repeat(JsonObject.MAX_NAME_LENGTH);
        assertThat(refused(with("join", "group", "\"" + longest + "u\"")).getMessage())
                .isEqualTo("field 'group' must be at most 1024 characters, without control characters or unpaired "
                        + "surrogates");
        assertThat(catchThrowableOfType(WireException.class, () -> reader.upgradeLogin(longest + "u", "t", null, null))
                .getMessage()).startsWith("parameter 'uid' must be at most 1024 characters");
        assertThat(reader.upgradeLogin(longest, "t", null, null).uid()).isEqualTo(longest);
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("notNames")
    void aNameWithAControlCharacterOrHalfASurrogatePairIsA400NamingTheField(String command, String field,
                                                                            String value) {
        assertThat(refused(with(command, field, value)).getMessage())
                .isEqualTo("field '" + field + "' " + JsonObject.NAME_RULE);
    }

    @Test
    void anUpgradeLoginWithAControlCharacterInItsUidOrDeviceIsA400() {
        assertThat(catchThrowableOfType(WireException.class, () -> reader.upgradeLogin("a\nb", "t", null, null))
                .getMessage()).isEqualTo("parameter 'uid' " + JsonObject.NAME_RULE);
        assertThat(catchThrowableOfType(WireException.class, () -> reader.upgradeLogin("a", "t", "\ud800", null))
                .getMessage()).startsWith("parameter 'device'");
        assertThat(catchThrowableOfType(WireException.class, () -> reader.upgradeLogin("a", "t", null,
                "{\"all\":{\"epoch\":\"e\",\"seq\":1,\"seq\":2}}")).code()).isEqualTo(ReplyCode.BAD_REQUEST);
    }

    @Test
    void aNameMayHoldAnyOtherUnicode() throws WireException {
        assertThat(read(with("join", "group", "\"caf\\u00e9 \u4e2d\u6587 \ud83d\ude00 \\ud83d\\ude00 a b\"")))
                .isEqualTo(new ClientCommand.Join("3", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \ud83d\ude00 a b"));
    }

    @Test
    void anIdOrATokenIsTextAndMayHoldEscapedControlCharacters() throws WireException {
        assertThat(read(with("heartbeat", "id", "\"a\\u0000\\n\\ud800\""))).isEqualTo(
                new ClientCommand.Heartbeat("a\u0000\n\ud800"));
    }

    /** Shapes that are not JSON at all, or not within its bounds, put in place of each field's value. */
    static Stream<Arguments> malformedInEveryField() {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put(DEEP_ARRAYS, "malformed JSON: Document nesting depth (65) exceeds the maximum allowed (64");
        shapes.put(DEEP_OBJECTS, "malformed JSON: Document nesting depth (65) exceeds the maximum allowed (64");
        shapes.put("[".repeat(10_000), "malformed JSON: Document nesting depth (65) exceeds the maximum allowed (64");
        shapes.put(LONG_INTEGER, "malformed JSON: Number value length (10000) exceeds the maximum allowed (1000");
        shapes.put("-" + LONG_INTEGER, "malformed JSON: Number value length");
        shapes.put("0." + LONG_INTEGER, "malformed JSON: Number value length");
        shapes.put("NaN", "malformed JSON: Non-standard token 'NaN'");
        shapes.put("Infinity", "malformed JSON: Non-standard token 'Infinity'");
        shapes.put("-Infinity", "malformed JSON: Non-standard token '-Infinity'");
        shapes.put("01", "malformed JSON: Invalid numeric value: Leading zeroes not allowed");
        shapes.put("+1", "malformed JSON: Unexpected character ('+'");
        shapes.put(".5", "malformed JSON: Unexpected character ('.'");
        shapes.put("'single'", "malformed JSON: Unexpected character (''' (code 39))");
        shapes.put("\"raw\u0001control\"", "malformed JSON: Illegal unquoted character ((CTRL-CHAR, code 1))");
        shapes.put("\"raw\ttab\"", "malformed JSON: Illegal unquoted character ((CTRL-CHAR, code 9))");
        shapes.put("\"bad \\x escape\"", "malformed JSON: Unrecognized character escape 'x'");
        shapes.put("\"\\u12\"", "malformed JSON: Unexpected character ('\"' (code 34)): expected a hex-digit");
        shapes.put("tru", "malformed JSON: Unrecognized token 'tru'");
        shapes.put("[1,]", "malformed JSON: Unexpected character (']'");
        shapes.put("{\"a\":1,}", "malformed JSON: Unexpected character ('}'");
        shapes.put("/* c */ 1", "malformed JSON: Unexpected character ('/'");
        List<Arguments> cases = new ArrayList<>();
        COMMANDS.forEach((name, fields) -> fields.keySet().forEach(field -> shapes.forEach((value, message) ->
                cases.add(arguments(name, field, value, message)))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("malformedInEveryField")
    void aMalformedValueInAnyFieldIsA400NamingTheProblem(String command, String field, String value, String message) {
        WireException e = refused(with(command, field, value));

        assertThat(e.getMessage()).startsWith(message).hasSizeLessThan(200);
    }

    /** Deep nesting is refused once past the limit, before reading further: it costs no stack and no time. */
    @Test
    void nestingUpToTheLimitIsReadAndOneLevelMoreIsNot() throws WireException {
        int inside = Json.MAX_NESTING_DEPTH - 1; // the command itself is the first level
        String deepest = "[".repeat(inside) + "]".repeat(inside);
        assertThat(read(with("custom", "data", deepest))).isEqualTo(
                new ClientCommand.Custom("4", "chat.send", RawJson.trusted(deepest)));

        String tooDeep = "[" + deepest + "]";
        assertThat(refused(with("custom", "data", tooDeep)).getMessage()).contains("nesting depth");
    }

    @Test
    void aNumberUpToTheLengthLimitInDataIsReadAsSent() throws WireException {
        String longest = "9".repeat(Json.MAX_NUMBER_LENGTH);
        for (String number : List.of(longest, "1e999999", "-0", "-0.0e-0", "0.10000000000000000555", "-1E+400")) {
            assertThat(read(with("custom", "data", number)))
                    .isEqualTo(new ClientCommand.Custom("4", "chat.send", RawJson.trusted(number)));
        }
        assertThat(refused(with("custom", "data", longest + "9")).getMessage()).contains("Number value length");
    }

    static Stream<Arguments> sinceShapes() {
        return Stream.of(
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":" + LONG_INTEGER + "}}", "Number value length (10000)"),
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":99999999999999999999}}",
                        "field 'since.all' must be an object with a string epoch and an integer seq"),
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":1e3}}",
                        "field 'since.all' must be an object with a string epoch and an integer seq"),
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":1.0}}",
                        "field 'since.all' must be an object with a string epoch and an integer seq"),
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":-1}}", "field 'since.all.seq' must be an integer >= 0"),
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":\"4\"}}",
                        "field 'since.all' must be an object with a string epoch and an integer seq"),
                arguments("{\"all\":{\"epoch\":\"\",\"seq\":4}}", "missing field 'since.all.epoch'"),
                arguments("{\"all\":{\"epoch\":4,\"seq\":4}}",
                        "field 'since.all' must be an object with a string epoch and an integer seq"),
                arguments("{\"all\":{\"seq\":4}}", "missing field 'since.all.epoch'"),
                arguments("{\"all\":[]}", "field 'since.all' must be an object with epoch and seq"),
                arguments("{\"all\":null}", "field 'since.all' must be an object with epoch and seq"),
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":1,\"seq\":2}}",
                        "field 'since.all' must be an object with epoch and seq"),
                arguments("{\"all\":{\"epoch\":\"e\",\"seq\":1},\"all\":{\"epoch\":\"e\",\"seq\":2}}",
                        "duplicate field 'all'"));
    }

    @ParameterizedTest(name = "since = {0}")
    @MethodSource("sinceShapes")
    void aBadPositionInSinceIsA400NamingIt(String since, String message) {
        assertThat(refused(with("login", "since", since)).getMessage()).contains(message);
    }

    @Test
    void minusZeroIsASeqOfZero() throws WireException {
        ClientCommand login = read(with("login", "since", "{\"all\":{\"epoch\":\"e\",\"seq\":-0}}"));

        assertThat(((ClientCommand.Login) login).since()).containsEntry("all", new StreamPosition("e", 0));
    }

    @ParameterizedTest(name = "{0}.{1} twice")
    @MethodSource("everyField")
    void aFieldSentTwiceIsA400NamingIt(String command, String field) {
        Map<String, String> fields = COMMANDS.get(command);
        String json = "{" + String.join(",", fields.values()) + "," + fields.get(field) + "}";

        assertThat(refused(json).getMessage()).isEqualTo("duplicate field '" + field + "'");
    }

    @Test
    void theCmdSentTwiceIsRefusedWhicheverComesFirst() {
        assertThat(refused("{\"cmd\":\"login\",\"cmd\":\"join\",\"id\":\"1\",\"group\":\"g\"}").getMessage())
                .isEqualTo("duplicate field 'cmd'");
        assertThat(refused("{\"cmd\":\"join\",\"id\":\"1\",\"group\":\"g\",\"cmd\":\"login\"}").getMessage())
                .isEqualTo("duplicate field 'cmd'");
    }

    @Test
    void aDuplicateKeyInsideDataIsPassedThroughAsSent() throws WireException {
        String data = "{\"a\":1,\"a\":2}";

        assertThat(read(with("custom", "data", data)))
                .isEqualTo(new ClientCommand.Custom("4", "chat.send", RawJson.trusted(data)));
    }

    static Stream<Arguments> everyField() {
        List<Arguments> cases = new ArrayList<>();
        COMMANDS.forEach((name, fields) -> fields.keySet().forEach(field -> cases.add(arguments(name, field))));
        return cases.stream();
    }

    static Stream<Arguments> notOneObject() {
        String heartbeat = "{\"id\":\"2\",\"cmd\":\"heartbeat\"}";
        return Stream.of(
                arguments("", "empty body: expected a JSON object"),
                arguments(" \r\n\t ", "empty body: expected a JSON object"),
                arguments("null", "expected a JSON object"),
                arguments("true", "expected a JSON object"),
                arguments("42", "expected a JSON object"),
                arguments("\"heartbeat\"", "expected a JSON object"),
                arguments("[" + heartbeat + "]", "expected a JSON object"),
                arguments(heartbeat + heartbeat, "malformed JSON: trailing content after the object"),
                arguments(heartbeat + " []", "malformed JSON: trailing content after the object"),
                arguments(heartbeat + " x", "malformed JSON: Unrecognized token 'x'"),
                arguments(heartbeat + "}", "malformed JSON: Unexpected close marker '}'"),
                arguments(heartbeat.substring(0, 20), "malformed JSON: Unexpected end-of-input"),
                arguments("{", "malformed JSON: Unexpected end-of-input"),
                arguments("{\"id\"", "malformed JSON: Unexpected end-of-input"),
                arguments("{\"id\":", "malformed JSON: Unexpected end-of-input"),
                arguments("{\"id\":\"2\",", "malformed JSON: Unexpected end-of-input"),
                arguments("{\"" + "k".repeat(60_000) + "\":1}", "malformed JSON: Name length"),
                arguments("{id:\"2\",cmd:\"heartbeat\"}", "malformed JSON: Unexpected character ('i'"),
                arguments("\u0000" + heartbeat, "malformed JSON: a NUL byte at byte 0"),
                arguments(heartbeat + "\u0000", "malformed JSON: Illegal character ((CTRL-CHAR, code 0))"),
                arguments("\ufeff" + heartbeat, "malformed JSON: a byte order mark"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notOneObject")
    void aFrameThatIsNotExactlyOneObjectIsA400(String frame, String message) {
        assertThat(refused(frame).getMessage()).startsWith(message);
    }

    static Stream<Arguments> notUtf8() {
        String heartbeat = "{\"id\":\"2\",\"cmd\":\"heartbeat\"}";
        return Stream.of(
                arguments("UTF-16BE", heartbeat.getBytes(StandardCharsets.UTF_16BE),
                        "malformed JSON: a NUL byte at byte 0"),
                arguments("UTF-16LE", heartbeat.getBytes(StandardCharsets.UTF_16LE),
                        "malformed JSON: a NUL byte at byte 1"),
                arguments("UTF-16 with its BOM", heartbeat.getBytes(StandardCharsets.UTF_16),
                        "malformed JSON: invalid UTF-8 at byte 0"),
                arguments("UTF-32BE", heartbeat.getBytes(java.nio.charset.Charset.forName("UTF-32BE")),
                        "malformed JSON: a NUL byte at byte 0"),
                arguments("UTF-32LE", heartbeat.getBytes(java.nio.charset.Charset.forName("UTF-32LE")),
                        "malformed JSON: a NUL byte at byte 1"),
                arguments("Latin-1", "{\"id\":\"caf\u00e9\",\"cmd\":\"heartbeat\"}"
                        .getBytes(StandardCharsets.ISO_8859_1), "malformed JSON: invalid UTF-8 at byte 10"),
                arguments("a lone continuation byte in a name", new byte[]{'{', '"', (byte) 0x80, '"', ':', '1', '}'},
                        "malformed JSON: invalid UTF-8 at byte 2"),
                arguments("a truncated sequence at the end", new byte[]{'{', '}', (byte) 0xE2, (byte) 0x82},
                        "malformed JSON: invalid UTF-8 at byte 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void textThatIsNotUtf8IsA400(String what, byte[] frame, String message) {
        WireException e = catchThrowableOfType(WireException.class, () -> reader.read(frame, 0, frame.length));

        assertThat(e).as(what).isNotNull();
        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith(message);
    }

    @Test
    void aRefusedCommandStillEchoesWhatCouldBeReadOfItsIdAndCmd() {
        WireException e = refused(with("join", "group", "[]"));

        assertThat(e.id()).isEqualTo("3");
        assertThat(e.cmd()).isEqualTo("join");
    }

    @Test
    void aVeryLongStringWithinTheFrameIsReadAsSent() throws WireException {
        String big = "x".repeat(1_000_000);

        // Not a name (those are bounded, above): a command's id, which is only echoed.
        assertThat(read("{\"cmd\":\"heartbeat\",\"id\":\"" + big + "\"}"))
                .isEqualTo(new ClientCommand.Heartbeat(big));
    }

    // ---- helpers ----

    private static Map<String, String> fields(String... members) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String member : members) {
            int colon = member.indexOf("\":");
            fields.put(member.substring(1, colon), member);
        }
        return fields;
    }

    /** The command with {@code field}'s value replaced by {@code value} (raw JSON text). */
    private static String with(String command, String field, String value) {
        List<String> members = new ArrayList<>();
        COMMANDS.get(command).forEach((name, member) ->
                members.add(name.equals(field) ? "\"" + name + "\":" + value : member));
        return "{" + String.join(",", members) + "}";
    }

    private static boolean fitsKind(Kind kind, String value) {
        return switch (kind) {
            case STRING, NAME, OPTIONAL_NAME -> value.startsWith("\"");
            case BOOLEAN -> value.equals("true") || value.equals("false");
            case POSITIONS -> value.startsWith("{");
            case ANY -> true;
        };
    }

    private static String wrongKindMessage(String field, Kind kind) {
        return switch (kind) {
            case STRING, NAME, OPTIONAL_NAME -> "field '" + field + "' must be a string";
            case BOOLEAN -> "field '" + field + "' must be true or false";
            case POSITIONS -> "field '" + field + "' must be an object";
            case ANY -> throw new IllegalArgumentException("any value fits " + field);
        };
    }

    private ClientCommand read(String json) throws WireException {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return reader.read(utf8, 0, utf8.length);
    }

    private WireException refused(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        WireException e = catchThrowableOfType(WireException.class, () -> reader.read(utf8, 0, utf8.length));
        assertThat(e).as("a WireException for %s", abbreviate(json)).isNotNull();
        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        return e;
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}
