package io.herald.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

class JsonObjectTest {

    private final Json json = new Json();

    // ---- parse ----

    @Test
    void parsesOnlyTheGivenRange() throws WireException {
        byte[] bytes = "[1]{\"a\":\"b\"}[2]".getBytes(StandardCharsets.UTF_8);

        JsonObject object = JsonObject.parse(json, bytes, 3, bytes.length - 6);

        assertThat(object.optString("a")).isEqualTo("b");
    }

    @Test
    void readsAnArraysElementsOneByOneAsTheyWereSent() throws WireException {
        JsonObject object = parse("{\"push\":[{\"uid\":\"a\"}, 1.50, \"s\", null, [true]],\"n\":1}");

        assertThat(object.optElements("push")).extracting(RawJson::toString)
                .containsExactly("{\"uid\":\"a\"}", "1.50", "\"s\"", "null", "[true]");
        assertThat(JsonObject.parse(json, object.optElements("push").get(0)).optString("uid")).isEqualTo("a");
        assertThat(object.optElements("absent")).isNull();
        assertThat(catchThrowableOfType(WireException.class, () -> object.optElements("n")).getMessage())
                .contains("'n'");
    }

    @Test
    void parsesAnEmptyObject() throws WireException {
        JsonObject object = parse("{}");

        assertThat(object.has("a")).isFalse();
        assertThat(object.optRaw("a")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"a\"", "1", "null", "false"})
    void refusesValuesOtherThanAnObject(String text) {
        WireException e = parseFails(text);

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("expected a JSON object");
    }

    @Test
    void shortensLongParserMessagesToOneLine() {
        WireException e = parseFails("{\"a\":" + "x".repeat(1000) + "}");

        assertThat(e.getMessage()).startsWith("malformed JSON: ").doesNotContain("\n");
        assertThat(e.getMessage().length()).isLessThanOrEqualTo("malformed JSON: ".length() + 120 + "...".length());
    }

    // ---- has ----

    @Test
    void hasOnlyFieldsThatArePresentAndNotNull() throws WireException {
        JsonObject object = parse("{'s':'','n':0,'b':false,'a':[],'o':{},'z':null}");

        assertThat(object.has("s")).isTrue();
        assertThat(object.has("n")).isTrue();
        assertThat(object.has("b")).isTrue();
        assertThat(object.has("a")).isTrue();
        assertThat(object.has("o")).isTrue();
        assertThat(object.has("z")).isFalse();
        assertThat(object.has("missing")).isFalse();
    }

    // ---- requireString and optString ----

    @Test
    void requiresAPresentNonEmptyString() throws WireException {
        assertThat(parse("{'uid':'alice'}").requireString("uid")).isEqualTo("alice");
        assertThat(parse("{'uid':' '}").requireString("uid")).isEqualTo(" ");
    }

    @Test
    void requireStringNamesAMissingField() throws WireException {
        assertWireError(() -> parse("{}").requireString("uid"), "missing field 'uid'");
        assertWireError(() -> parse("{'uid':null}").requireString("uid"), "missing field 'uid'");
    }

    @Test
    void requireStringRefusesAnEmptyString() throws WireException {
        assertWireError(() -> parse("{'uid':''}").requireString("uid"), "field 'uid' must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-1.5", "true", "false", "[\"alice\"]", "{\"name\":\"alice\"}"})
    void stringGettersRefuseOtherTypes(String value) throws WireException {
        JsonObject object = parse("{\"uid\":" + value + "}");

        assertWireError(() -> object.requireString("uid"), "field 'uid' must be a string");
        assertWireError(() -> object.optString("uid"), "field 'uid' must be a string");
    }

    @Test
    void optStringIsNullWhereAbsentOrNull() throws WireException {
        JsonObject object = parse("{'device':null}");

        assertThat(object.optString("device")).isNull();
        assertThat(object.optString("missing")).isNull();
    }

    @Test
    void optStringKeepsAnEmptyString() throws WireException {
        assertThat(parse("{'device':''}").optString("device")).isEmpty();
    }

    @Test
    void stringsAreUnescaped() throws WireException {
        JsonObject object = parse("{\"s\":\"q\\\"b\\\\s\\/n\\n t\\t u\\u00e9 e\\ud83d\\ude00 z\\u0000\"}");

        assertThat(object.optString("s")).isEqualTo("q\"b\\s/n\n t\t u\u00e9 e\ud83d\ude00 z\u0000");
    }

    @Test
    void stringsKeepRawUtf8() throws WireException {
        assertThat(parse("{\"s\":\"h\u00e9 \u2713 \ud83d\ude00 \u4e2d\"}").optString("s"))
                .isEqualTo("h\u00e9 \u2713 \ud83d\ude00 \u4e2d");
    }

    // ---- optStringList ----

    @Test
    void readsAStringList() throws WireException {
        assertThat(parse("{'uids':['alice','bob','h\u00e9']}").optStringList("uids"))
                .containsExactly("alice", "bob", "h\u00e9");
        assertThat(parse("{'uids':[]}").optStringList("uids")).isEmpty();
    }

    @Test
    void stringListIsNullWhereAbsentOrNull() throws WireException {
        assertThat(parse("{}").optStringList("uids")).isNull();
        assertThat(parse("{'uids':null}").optStringList("uids")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "[\"a\",2]", "[\"a\",null]", "[\"a\",\"\"]", "[true]", "[[\"a\"]]", "[{\"a\":1}]"})
    void stringListRefusesElementsThatAreNotNonEmptyStrings(String value) throws WireException {
        JsonObject object = parse("{\"uids\":" + value + "}");

        assertWireError(() -> object.optStringList("uids"), "field 'uids' must be an array of non-empty strings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"alice\"", "\"\"", "1", "true", "{\"0\":\"alice\"}"})
    void stringListRefusesValuesThatAreNotArrays(String value) throws WireException {
        JsonObject object = parse("{\"uids\":" + value + "}");

        assertWireError(() -> object.optStringList("uids"), "field 'uids' must be an array of strings");
    }

    // ---- optPositions ----

    @Test
    void readsPositionsInTheirOrder() throws WireException {
        Map<String, StreamPosition> map = parse("{'since':{'user:b':{'epoch':'e1','seq':2},"
                + "'all':{'seq':" + Long.MAX_VALUE + ",'epoch':'e2','extra':true}}}").optPositions("since");

        assertThat(map).containsExactly(entry("user:b", new StreamPosition("e1", 2)),
                entry("all", new StreamPosition("e2", Long.MAX_VALUE)));
        assertThatThrownBy(() -> map.put("x", new StreamPosition("e", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void positionsAreEmptyWhereAbsentOrNull() throws WireException {
        assertThat(parse("{}").optPositions("since")).isEmpty();
        assertThat(parse("{'since':null}").optPositions("since")).isEmpty();
        assertThat(parse("{'since':{}}").optPositions("since")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1", "null", "true", "[1]"})
    void positionsRefuseValuesThatAreNotObjects(String value) throws WireException {
        JsonObject object = parse("{\"since\":{\"s\":" + value + "}}");

        assertWireError(() -> object.optPositions("since"), "field 'since.s' must be an object with epoch and seq");
    }

    // ---- optRaw ----

    @Test
    void rawIsNullWhereAbsentAndJsonNullWhereNull() throws WireException {
        JsonObject object = parse("{'data':null}");

        assertThat(object.optRaw("missing")).isNull();
        assertThat(object.optRaw("data")).isSameAs(RawJson.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "42", "-7", "9223372036854775807", "123456789012345678901234567890", "1.5", "-0.25",
            "true", "false"})
    void rawKeepsScalars(String value) throws WireException {
        assertThat(parse("{\"data\":" + value + "}").optRaw("data")).isEqualTo(RawJson.trusted(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "[1,\"a\",null,true,1.5]", "{\"a\":{\"b\":[{\"c\":[]}]},\"d\":\"e\"}"})
    void rawKeepsCompactArraysAndObjects(String value) throws WireException {
        assertThat(parse("{\"data\":" + value + "}").optRaw("data")).isEqualTo(RawJson.trusted(value));
    }

    @Test
    void rawKeepsTheBytesAsSent() throws WireException {
        RawJson raw = parse("{\"data\": { \"a\" : [ 1e400 , 0.10000000000000000555 ] ,\n\"b\" : { } } }").optRaw("data");

        assertThat(raw).isEqualTo(RawJson.trusted("{ \"a\" : [ 1e400 , 0.10000000000000000555 ] ,\n\"b\" : { } }"));
    }

    @Test
    void rawKeepsAStringInDataAsSentWithItsEscapes() throws WireException {
        RawJson raw = parse("{\"data\":\"q\\\"b\\\\ n\\n u\\u00e9 \u2713 c\\u0001 \\b \\/ \\ud800\"}").optRaw("data");

        assertThat(raw.toString()).isEqualTo("\"q\\\"b\\\\ n\\n u\\u00e9 \u2713 c\\u0001 \\b \\/ \\ud800\"");
        assertThat(readBack(raw)).isEqualTo("q\"b\\ n\n u\u00e9 \u2713 c\u0001 \b / \ud800");
    }

    @Test
    void rawReQuotesAStringInAnyOtherField() throws WireException {
        RawJson raw = parse("{\"s\":\"q\\\"b\\\\ n\\n u\\u00e9 \u2713 c\\u0001\"}").optRaw("s");

        assertThat(raw.toString()).isEqualTo("\"q\\\"b\\\\ n\\n u\u00e9 \u2713 c\\u0001\"");
        assertThat(readBack(raw)).isEqualTo("q\"b\\ n\n u\u00e9 \u2713 c\u0001");
    }

    @Test
    void rawKeepsSupplementaryCharactersInStrings() throws WireException {
        RawJson raw = parse("{\"data\":\"e\\ud83d\\ude00 \ud83d\ude00\"}").optRaw("data");

        assertThat(readBack(raw)).isEqualTo("e\ud83d\ude00 \ud83d\ude00");
    }

    @Test
    void rawKeepsStringsNestedInObjects() throws WireException {
        RawJson raw = parse("{\"data\":{\"s\":\"q\\\"b\\\\ u\\u00e9 \ud83d\ude00\"}}").optRaw("data");

        byte[] utf8 = raw.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(JsonObject.parse(json, utf8, 0, utf8.length).optString("s"))
                .isEqualTo("q\"b\\ u\u00e9 \ud83d\ude00");
    }

    // ---- helpers ----

    /** Parses an object written with single quotes for readability. */
    private JsonObject parse(String text) throws WireException {
        byte[] utf8 = text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        return JsonObject.parse(json, utf8, 0, utf8.length);
    }

    private WireException parseFails(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        WireException e = catchThrowableOfType(WireException.class, () -> JsonObject.parse(json, utf8, 0, utf8.length));
        assertThat(e).as("WireException for %s", text).isNotNull();
        return e;
    }

    /** Reads a raw JSON string value back by wrapping it in an object. */
    private String readBack(RawJson raw) throws WireException {
        return parse("{\"v\":" + raw + "}").optString("v");
    }

    private static void assertWireError(ThrowingGetter getter, String message) {
        WireException e = catchThrowableOfType(WireException.class, getter::get);
        assertThat(e).as("WireException '%s'", message).isNotNull();
        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.id()).isNull();
        assertThat(e.cmd()).isNull();
    }

    @FunctionalInterface
    private interface ThrowingGetter {
        Object get() throws WireException;
    }
}
