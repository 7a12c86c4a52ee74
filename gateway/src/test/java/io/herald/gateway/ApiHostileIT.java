package io.herald.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.codec.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every JSON shape that can go wrong in an API body (issue 12), in every field of every endpoint that takes a body,
 * sent to a real node over one keep-alive connection: wrong kinds, empty strings and control characters where a name
 * is expected, deep nesting, huge numbers, duplicate fields, invalid UTF-8, truncation, trailing garbage, a top level
 * that is not an object, a byte order mark. Each is answered 400 naming the field or the problem, the connection
 * stays open for the next request, nothing is logged at WARN or above, and a client beside keeps being served. Also
 * replays the API fuzz corpus ({@code src/test/resources/fuzz-corpus/api}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHostileIT {

    /** A valid body of each endpoint, with every field it reads; each case changes one field. */
    private static final Map<String, Map<String, String>> BODIES = new LinkedHashMap<>();

    static {
        BODIES.put("push to uid", fields("/api/push", "\"uid\":\"nobody\"", "\"id\":\"p-1\"", "\"data\":{\"k\":1}",
                "\"ttl\":\"1m\"", "\"receipt\":false"));
        BODIES.put("push to uids", fields("/api/push", "\"uids\":[\"nobody\",\"nobody-2\"]", "\"data\":[1]",
                "\"await\":\"ack\"", "\"timeout\":\"50ms\""));
        BODIES.put("push to conn", fields("/api/push", "\"conn\":\"c-none\"", "\"data\":1"));
        BODIES.put("broadcast", fields("/api/broadcast", "\"group\":\"hostile-room\"", "\"id\":\"b-1\"",
                "\"data\":\"d\""));
        BODIES.put("join", fields("/api/groups/join", "\"group\":\"hostile-room\"", "\"uid\":\"nobody\""));
        BODIES.put("leave", fields("/api/groups/leave", "\"group\":\"hostile-room\"", "\"uid\":\"nobody\""));
        BODIES.put("kick uid", fields("/api/kick", "\"uid\":\"nobody\""));
        BODIES.put("kick conn", fields("/api/kick", "\"conn\":\"c-none\""));
    }

    /** What each field takes. */
    private enum Kind { NAME, NAMES, DURATION, AWAIT, BOOLEAN, ANY }

    private static final Map<String, Kind> KINDS = Map.of("uid", Kind.NAME, "conn", Kind.NAME, "group", Kind.NAME,
            "id", Kind.NAME, "uids", Kind.NAMES, "ttl", Kind.DURATION, "timeout", Kind.DURATION,
            "await", Kind.AWAIT, "receipt", Kind.BOOLEAN, "data", Kind.ANY);

    private static final List<String> WRONG_KINDS = List.of("42", "-0", "1.5", "1e999999", "true", "false", "[]",
            "[\"x\"]", "[1]", "{}", "{\"a\":1}", "\"text\"", "\"\"");

    private GatewayFixture gateway;
    private WsClient bystander;
    private KeepAliveHttp http;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeAll
    void start() {
        log.setContext(root.getLoggerContext());
        log.start();
        root.addAppender(log);
        gateway = GatewayFixture.start();
        bystander = gateway.login("alice");
        http = new KeepAliveHttp(gateway.server().apiAddress(),
                gateway.server().config().apiKeys().stream().findFirst());
    }

    /** After each case: the same connection takes a valid push, and the client beside has had nothing else. */
    @AfterEach
    void theConnectionAndTheClientBesideAreStillServed() {
        KeepAliveHttp.Answer push = http.post("/api/push", "{\"conn\":\"" + bystander.conn() + "\",\"data\":\"ok\"}");
        assertThat(push.status()).as("a valid push on the same connection: %s", push.body()).isEqualTo(200);
        assertThat(bystander.nextPush()).containsEntry("data", "ok");
    }

    @AfterAll
    void stop() {
        try {
            gateway.assertNothingMoreFor(bystander);
            synchronized (log) {
                assertThat(log.list).as("nothing logged at WARN or above, no stack trace")
                        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
            }
        } finally {
            root.detachAppender(log);
            log.stop();
            http.close();
            gateway.close();
        }
    }

    static Stream<Arguments> wrongKinds() {
        List<Arguments> cases = new ArrayList<>();
        BODIES.forEach((name, fields) -> fields.keySet().stream().filter(f -> !f.equals("path")).forEach(field -> {
            for (String value : WRONG_KINDS) {
                String expected = wrongKind(KINDS.get(field), field, value);
                if (expected != null) {
                    cases.add(arguments(name, field, value, expected));
                }
            }
        }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("wrongKinds")
    void aValueOfTheWrongKindIsA400NamingTheField(String body, String field, String value, String expected) {
        assertBadRequest(http.post(path(body), with(body, field, value)), expected);
    }

    static Stream<Arguments> notNames() {
        List<Arguments> cases = new ArrayList<>();
        BODIES.forEach((name, fields) -> fields.keySet().forEach(field -> {
            if (KINDS.get(field) == Kind.NAME || KINDS.get(field) == Kind.NAMES) {
                for (String text : List.of("\"a\\u0000b\"", "\"line\\nbreak\"", "\"\\u007f\"", "\"\\ud800\"",
                        "\"x\\udc00\"")) {
                    cases.add(arguments(name, field, KINDS.get(field) == Kind.NAMES ? "[" + text + "]" : text));
                }
            }
        }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("notNames")
    void aNameWithAControlCharacterOrHalfASurrogatePairIsA400NamingTheField(String body, String field, String value) {
        assertBadRequest(http.post(path(body), with(body, field, value)),
                "field '" + field + "' " + JsonObject.NAME_RULE);
    }

    static Stream<Arguments> malformed() {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("[".repeat(10_000) + "]".repeat(10_000),
                "Document nesting depth (65) exceeds the maximum allowed (64");
        shapes.put("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "Document nesting depth (65)");
        shapes.put("9".repeat(10_000), "Number value length (10000) exceeds the maximum allowed (1000");
        shapes.put("NaN", "Non-standard token 'NaN'");
        shapes.put("-Infinity", "Non-standard token '-Infinity'");
        shapes.put("\"raw\u0001\"", "Illegal unquoted character");
        shapes.put("tru", "Unrecognized token 'tru'");
        shapes.put("[1,]", "Unexpected character");
        List<Arguments> cases = new ArrayList<>();
        BODIES.forEach((name, fields) -> fields.keySet().stream().filter(f -> !f.equals("path")).forEach(field ->
                shapes.forEach((value, message) ->
                        cases.add(arguments(name, field, abbreviate(value), value, "malformed JSON: " + message)))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("malformed")
    void aMalformedValueInAnyFieldIsA400NamingTheProblem(String body, String field, String shown, String value,
                                                         String expected) {
        assertBadRequest(http.post(path(body), with(body, field, value)), expected);
    }

    static Stream<Arguments> everyField() {
        List<Arguments> cases = new ArrayList<>();
        BODIES.forEach((name, fields) -> fields.keySet().stream().filter(f -> !f.equals("path"))
                .forEach(field -> cases.add(arguments(name, field))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} twice")
    @MethodSource("everyField")
    void aFieldSentTwiceIsA400NamingIt(String body, String field) {
        Map<String, String> fields = new LinkedHashMap<>(BODIES.get(body));
        fields.remove("path");
        String twice = "{" + String.join(",", fields.values()) + "," + fields.get(field) + "}";

        assertBadRequest(http.post(path(body), twice), "duplicate field '" + field + "'");
    }

    @ParameterizedTest(name = "{0}: invalid UTF-8 in {1}")
    @MethodSource("everyField")
    void invalidUtf8InAnyFieldIsA400(String body, String field) {
        String json = with(body, field, "\"__\"");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int at = json.indexOf("__");
        bytes[at] = (byte) 0xC0; // an overlong '/', which Jackson alone would read as text
        bytes[at + 1] = (byte) 0xAF;

        assertBadRequest(http.post(path(body), bytes), "malformed JSON: invalid UTF-8 at byte " + at);
    }

    static Stream<Arguments> notOneObject() {
        String push = "{\"uid\":\"nobody\",\"data\":1}";
        return Stream.of(
                arguments("nothing", "".getBytes(StandardCharsets.UTF_8), "empty body: expected a JSON object"),
                arguments("null", bytes("null"), "expected a JSON object"),
                arguments("a number", bytes("1e999999"), "expected a JSON object"),
                arguments("an array", bytes("[" + push + "]"), "expected a JSON object"),
                arguments("two objects", bytes(push + push), "malformed JSON: trailing content after the object"),
                arguments("trailing garbage", bytes(push + "garbage"), "malformed JSON: Unrecognized token"),
                arguments("truncated", bytes(push.substring(0, 15)), "malformed JSON: Unexpected end-of-input"),
                arguments("a byte order mark", bytes("\ufeff" + push), "malformed JSON: a byte order mark"),
                arguments("UTF-16", push.getBytes(StandardCharsets.UTF_16LE), "malformed JSON: a NUL byte at byte 1"),
                arguments("UTF-16 with its BOM", push.getBytes(StandardCharsets.UTF_16),
                        "malformed JSON: invalid UTF-8 at byte 0"),
                arguments("Latin-1", "{\"uid\":\"ren\u00e9\",\"data\":1}".getBytes(StandardCharsets.ISO_8859_1),
                        "malformed JSON: invalid UTF-8 at byte 11"),
                arguments("single quotes", bytes("{'uid':'nobody','data':1}"), "malformed JSON: Unexpected character"),
                arguments("a comment", bytes("{\"uid\":\"nobody\",/**/\"data\":1}"),
                        "malformed JSON: Unexpected character ('/'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notOneObject")
    void aBodyThatIsNotExactlyOneUtf8ObjectIsA400(String what, byte[] body, String expected) {
        assertBadRequest(http.post("/api/push", body), expected);
    }

    static Stream<Arguments> parameters() {
        return Stream.of(
                arguments("/api/online?uid=a%00b", "parameter 'uid' " + JsonObject.NAME_RULE),
                arguments("/api/online?uid=%0A", "parameter 'uid' " + JsonObject.NAME_RULE),
                arguments("/api/online?uid=", "missing parameter 'uid'"),
                arguments("/api/groups/online?group=%7F", "parameter 'group' " + JsonObject.NAME_RULE),
                arguments("/api/history?stream=all&since=1e999999", "parameter 'since' must be an integer >= 0"),
                arguments("/api/history?stream=all&since=" + "9".repeat(1_000),
                        "parameter 'since' must be an integer >= 0"),
                arguments("/api/history?stream=all&since=99999999999999999999",
                        "parameter 'since' must be an integer >= 0"),
                arguments("/api/history?stream=all&since=-1", "parameter 'since' must be an integer >= 0"),
                arguments("/api/history?stream=all&since=1.5", "parameter 'since' must be an integer >= 0"),
                arguments("/api/history?stream=all&since=NaN", "parameter 'since' must be an integer >= 0"),
                arguments("/api/history?stream=%00&since=1", "parameter 'stream' must be at most 1024 characters"),
                arguments("/api/online?uid=" + "u".repeat(1025), "parameter 'uid' must be at most 1024 characters"),
                arguments("/api/history?since=1", "missing parameter 'stream'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void aBadQueryParameterIsA400NamingIt(String pathAndQuery, String expected) {
        assertBadRequest(http.get(pathAndQuery), expected);
    }

    /** A request line past Netty's limit (4096 bytes) cannot be read, so the connection cannot be either. */
    @Test
    void aRequestLineTooLongToReadIs400AndClosesOnlyThatConnection() {
        try (KeepAliveHttp other = new KeepAliveHttp(gateway.server().apiAddress(),
                gateway.server().config().apiKeys().stream().findFirst())) {
            KeepAliveHttp.Answer answer = other.get("/api/history?stream=all&since=" + "9".repeat(10_000));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.msg()).isEqualTo("malformed HTTP request");
            assertThat(answer.closing()).isTrue();
        }
    }

    @Test
    void edgeValuesThatAreValidAreServed() {
        assertThat(http.get("/api/history?stream=all&since=-0").status()).isEqualTo(200);
        assertThat(http.get("/api/history?stream=all&since=" + Long.MAX_VALUE).status()).isEqualTo(200);
        for (String data : List.of("1e999999", "-0", "\"\\ud800\"", "{\"a\":1,\"a\":2}", "9".repeat(1000),
                "[".repeat(63) + "]".repeat(63), "\"" + "x".repeat(100_000) + "\"")) {
            KeepAliveHttp.Answer answer = http.post("/api/push", "{\"uid\":\"nobody\",\"data\":" + data + "}");
            assertThat(answer.status()).as("data %s", abbreviate(data)).isEqualTo(200);
        }
        String name = "caf\u00e9 \u4e2d \ud83d\ude00 \\ud83d\\ude00";
        assertThat(http.post("/api/groups/join", "{\"group\":\"" + name + "\",\"uid\":\"nobody\"}").status())
                .isEqualTo(200);
    }

    static List<Path> corpus() {
        Path dir = Paths.get("src", "test", "resources", "fuzz-corpus", "api");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A corpus file {@code api/<endpoint>/accept-*.json} is answered 200, {@code reject-*.json} 400. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachCorpusInputGetsTheAnswerItsNameSays(Path input) throws IOException {
        String endpoint = "/api/" + input.getParent().getFileName().toString().replace("groups-", "groups/");
        String name = input.getFileName().toString();

        KeepAliveHttp.Answer answer = http.post(endpoint, Files.readAllBytes(input));

        assertThat(answer.status()).as("%s %s: %s", endpoint, name, answer.body())
                .isEqualTo(name.startsWith("accept-") ? 200 : 400);
        assertThat(answer.body()).containsEntry("code", answer.status());
    }

    // ---- helpers ----

    /** The kind a field wants, and what a value of the wrong kind is told; {@code null} where the value fits. */
    private static String wrongKind(Kind kind, String field, String value) {
        boolean string = value.startsWith("\"");
        return switch (kind) {
            case NAME -> value.equals("\"\"") ? "field '" + field + "' must not be empty"
                    : string ? null : "field '" + field + "' must be a string";
            case NAMES -> value.startsWith("[\"") ? null : value.equals("[]") ? "field 'uids' must not be empty"
                    : value.startsWith("[") ? "field 'uids' must be an array of non-empty strings"
                    : "field 'uids' must be an array of strings";
            case DURATION -> value.equals("\"text\"") || !string || value.equals("\"\"")
                    ? "field '" + field + "' must be a duration" : null;
            case AWAIT -> string ? "field 'await' must be \"ack\"" : "field 'await' must be a string";
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null
                    : "field '" + field + "' must be true or false";
            case ANY -> null;
        };
    }

    private static Map<String, String> fields(String path, String... members) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("path", path);
        for (String member : members) {
            fields.put(member.substring(1, member.indexOf("\":")), member);
        }
        return fields;
    }

    private static String path(String body) {
        return BODIES.get(body).get("path");
    }

    /** The body with {@code field}'s value replaced by {@code value} (raw JSON text). */
    private static String with(String body, String field, String value) {
        List<String> members = new ArrayList<>();
        BODIES.get(body).forEach((name, member) -> {
            if (!name.equals("path")) {
                members.add(name.equals(field) ? "\"" + name + "\":" + value : member);
            }
        });
        return "{" + String.join(",", members) + "}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static void assertBadRequest(KeepAliveHttp.Answer answer, String expected) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(400);
        assertThat(answer.body()).containsEntry("code", 400).containsEntry("data", null);
        assertThat(answer.msg()).startsWith(expected);
        assertThat(answer.closing()).as("the connection is kept").isFalse();
    }
}
