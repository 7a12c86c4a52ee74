package io.herald.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CommandReaderTest {

    private final CommandReader reader = new CommandReader(new Json());

    // ---- commands: JSON in, record out ----

    @Test
    void readsLoginWithoutDeviceOrSince() throws WireException {
        ClientCommand command = read("{'id':'1','cmd':'login','uid':'alice','token':'t0k'}");

        assertThat(command).isEqualTo(new ClientCommand.Login("1", "alice", "t0k", null, Map.of()));
        assertThat(command.cmd()).isEqualTo("login");
    }

    @Test
    void readsLoginWithDeviceAndSince() throws WireException {
        ClientCommand command = read("{'id':'1','cmd':'login','uid':'alice','token':'t0k','device':'web',"
                + "'since':{'user:alice':{'epoch':'e1','seq':42},'group:room1':{'epoch':'e2','seq':0}}}");

        assertThat(command).isInstanceOfSatisfying(ClientCommand.Login.class, login -> {
            assertThat(login.id()).isEqualTo("1");
            assertThat(login.uid()).isEqualTo("alice");
            assertThat(login.token()).isEqualTo("t0k");
            assertThat(login.device()).isEqualTo("web");
            assertThat(login.since()).containsExactly(entry("user:alice", new StreamPosition("e1", 42)),
                    entry("group:room1", new StreamPosition("e2", 0)));
        });
    }

    @Test
    void readsALoginThatAsksForOrderedReplies() throws WireException {
        assertThat(read("{'id':'1','cmd':'login','uid':'alice','token':'t','ordered':true}"))
                .isEqualTo(new ClientCommand.Login("1", "alice", "t", null, Map.of(), true));
        assertThat(((ClientCommand.Login) read("{'id':'1','cmd':'login','uid':'alice','token':'t'}")).ordered())
                .isFalse();
        assertThat(readFails("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"a\",\"token\":\"t\",\"ordered\":1}")
                .getMessage()).contains("ordered");
    }

    @Test
    void readsLoginWithNullDeviceAndSinceAsAbsent() throws WireException {
        ClientCommand command = read("{'id':'1','cmd':'login','uid':'alice','token':'t0k','device':null,'since':null}");

        assertThat(command).isEqualTo(new ClientCommand.Login("1", "alice", "t0k", null, Map.of()));
    }

    @Test
    void readsSinceSeqsUpToTheLargestLong() throws WireException {
        ClientCommand command = read("{'id':'1','cmd':'login','uid':'alice','token':'t0k',"
                + "'since':{'a':{'epoch':'e','seq':" + Long.MAX_VALUE + "}}}");

        assertThat(((ClientCommand.Login) command).since())
                .containsOnly(entry("a", new StreamPosition("e", Long.MAX_VALUE)));
    }

    @Test
    void readsHeartbeat() throws WireException {
        ClientCommand command = read("{'id':'2','cmd':'heartbeat'}");

        assertThat(command).isEqualTo(new ClientCommand.Heartbeat("2"));
        assertThat(command.cmd()).isEqualTo("heartbeat");
    }

    @Test
    void readsAckWhoseIdIsThePushId() throws WireException {
        ClientCommand command = read("{'cmd':'ack','id':'m-1'}");

        assertThat(command).isEqualTo(new ClientCommand.Ack("m-1"));
        assertThat(command.cmd()).isEqualTo("ack");
    }

    @Test
    void readsJoin() throws WireException {
        ClientCommand command = read("{'id':'3','cmd':'join','group':'room1'}");

        assertThat(command).isEqualTo(new ClientCommand.Join("3", "room1"));
        assertThat(command.cmd()).isEqualTo("join");
    }

    @Test
    void readsLeave() throws WireException {
        ClientCommand command = read("{'id':'3','cmd':'leave','group':'room1'}");

        assertThat(command).isEqualTo(new ClientCommand.Leave("3", "room1"));
        assertThat(command.cmd()).isEqualTo("leave");
    }

    @Test
    void readsRefresh() throws WireException {
        ClientCommand command = read("{'id':'4','cmd':'refresh','token':'a.b.c'}");

        assertThat(command).isEqualTo(new ClientCommand.Refresh("4", "a.b.c"));
        assertThat(command.cmd()).isEqualTo("refresh");
        assertThatThrownBy(() -> read("{'id':'4','cmd':'refresh'}")).isInstanceOf(WireException.class)
                .hasMessageContaining("token");
    }

    @Test
    void readsAnyOtherCommandAsCustomWithItsDataVerbatim() throws WireException {
        String data = "{\"to\":\"bob\",\"n\":[1,-2,3.5,{\"x\":null}],\"ok\":true,"
                + "\"big\":123456789012345678901234567890}";

        ClientCommand command = read("{\"id\":\"4\",\"cmd\":\"chat.send\",\"data\":" + data + "}");

        assertThat(command).isEqualTo(new ClientCommand.Custom("4", "chat.send", RawJson.trusted(data)));
        assertThat(command.cmd()).isEqualTo("chat.send");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "42", "-7", "1.5", "true", "false", "null", "[]", "{}", "[\"a\",1,null]"})
    void keepsCustomDataOfEveryJsonKind(String data) throws WireException {
        ClientCommand command = read("{\"id\":\"4\",\"cmd\":\"custom\",\"data\":" + data + "}");

        assertThat(((ClientCommand.Custom) command).data()).isEqualTo(RawJson.trusted(data));
    }

    @Test
    void keepsUnicodeAndEscapesInCustomData() throws WireException {
        // A unicode escape, escaped quotes, a backslash and a newline, a raw BMP character and a raw surrogate pair.
        ClientCommand command = read("{\"id\":\"4\",\"cmd\":\"custom\",\"data\":"
                + "{\"s\":\"h\\u00e9 \\\"q\\\" \\\\ \\n \u2713 \ud83d\ude00\"}}");

        RawJson data = ((ClientCommand.Custom) command).data();
        byte[] utf8 = data.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(JsonObject.parse(new Json(), utf8, 0, utf8.length).optString("s"))
                .isEqualTo("h\u00e9 \"q\" \\ \n \u2713 \ud83d\ude00");
    }

    @Test
    void readsCustomWithoutDataAsJsonNull() throws WireException {
        ClientCommand command = read("{'id':'4','cmd':'presence'}");

        assertThat(command).isEqualTo(new ClientCommand.Custom("4", "presence", RawJson.NULL));
    }

    @Test
    void treatsCommandNamesCaseSensitively() throws WireException {
        assertThat(read("{'id':'5','cmd':'Heartbeat'}"))
                .isEqualTo(new ClientCommand.Custom("5", "Heartbeat", RawJson.NULL));
    }

    @Test
    void ignoresUnknownFields() throws WireException {
        ClientCommand command = read("{'id':'2','cmd':'heartbeat','extra':{'a':[1,2]},'v':2}");

        assertThat(command).isEqualTo(new ClientCommand.Heartbeat("2"));
    }

    @Test
    void readsOnlyTheGivenRangeOfTheArray() throws WireException {
        byte[] frame = "xx{\"id\":\"2\",\"cmd\":\"heartbeat\"}yy".getBytes(StandardCharsets.UTF_8);

        assertThat(reader.read(frame, 2, frame.length - 4)).isEqualTo(new ClientCommand.Heartbeat("2"));
    }

    @Test
    void acceptsNestingUpToTheLimit() throws WireException {
        // The frame's own object is the first level.
        ClientCommand command = read(customWithNesting(Json.MAX_NESTING_DEPTH));

        assertThat(command).isInstanceOf(ClientCommand.Custom.class);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        WireException e = readFails(customWithNesting(Json.MAX_NESTING_DEPTH + 1));

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith("malformed JSON").contains("nesting depth");
    }

    // ---- malformed frames: nothing could be read, nothing is echoed ----

    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                arguments("not JSON", "hello", "malformed JSON"),
                arguments("single-quoted JSON", "{'id':'1','cmd':'heartbeat'}", "malformed JSON"),
                arguments("truncated object", "{\"id\":\"1\",\"cmd\":\"heartbeat\"", "malformed JSON"),
                arguments("trailing comma", "{\"id\":\"1\",\"cmd\":\"heartbeat\",}", "malformed JSON"),
                arguments("empty", "", "empty body"),
                arguments("whitespace only", " \n\t ", "empty body"),
                arguments("array", "[{\"id\":\"1\",\"cmd\":\"heartbeat\"}]", "expected a JSON object"),
                arguments("string", "\"heartbeat\"", "expected a JSON object"),
                arguments("number", "42", "expected a JSON object"),
                arguments("null", "null", "expected a JSON object"),
                arguments("boolean", "true", "expected a JSON object"),
                arguments("trailing garbage", "{\"id\":\"1\",\"cmd\":\"heartbeat\"} garbage", "malformed JSON"),
                arguments("trailing object", "{\"id\":\"1\",\"cmd\":\"heartbeat\"}{}", "trailing content"),
                arguments("trailing number", "{\"id\":\"1\",\"cmd\":\"heartbeat\"} 5", "trailing content"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void refusesMalformedFrames(String description, String frame, String problem) {
        WireException e = readFails(frame);

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.code().code()).isEqualTo(400);
        assertThat(e.getMessage()).contains(problem);
        assertThat(e.id()).isNull();
        assertThat(e.cmd()).isNull();
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] frame = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        WireException e = catchThrowableOfType(WireException.class, () -> reader.read(frame, 0, frame.length));

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith("malformed JSON");
    }

    // ---- missing fields and wrong types: the field is named, id and cmd echoed where readable ----

    static Stream<Arguments> badFields() {
        return Stream.of(
                // cmd
                arguments("{'id':'1'}", "missing field 'cmd'", "1", null),
                arguments("{'id':'1','cmd':null}", "missing field 'cmd'", "1", null),
                arguments("{'id':'1','cmd':''}", "field 'cmd' must not be empty", "1", null),
                arguments("{'id':'1','cmd':5}", "field 'cmd' must be a string", "1", null),
                arguments("{'id':'1','cmd':true}", "field 'cmd' must be a string", "1", null),
                arguments("{'id':'1','cmd':['login']}", "field 'cmd' must be a string", "1", null),
                arguments("{'id':'1','cmd':{'name':'login'}}", "field 'cmd' must be a string", "1", null),
                // id
                arguments("{'cmd':'heartbeat'}", "missing field 'id'", null, "heartbeat"),
                arguments("{'cmd':'ack'}", "missing field 'id'", null, "ack"),
                arguments("{'cmd':'chat'}", "missing field 'id'", null, "chat"),
                arguments("{'id':null,'cmd':'join','group':'room1'}", "missing field 'id'", null, "join"),
                arguments("{'id':'','cmd':'heartbeat'}", "field 'id' must not be empty", null, "heartbeat"),
                // login
                arguments("{'id':'1','cmd':'login','token':'t'}", "missing field 'uid'", "1", "login"),
                arguments("{'id':'1','cmd':'login','uid':'','token':'t'}", "field 'uid' must not be empty", "1",
                        "login"),
                arguments("{'id':'1','cmd':'login','uid':7,'token':'t'}", "field 'uid' must be a string", "1",
                        "login"),
                arguments("{'id':'1','cmd':'login','uid':'alice'}", "missing field 'token'", "1", "login"),
                arguments("{'id':'1','cmd':'login','uid':'alice','token':''}", "field 'token' must not be empty",
                        "1", "login"),
                arguments("{'id':'1','cmd':'login','uid':'alice','token':{}}", "field 'token' must be a string", "1",
                        "login"),
                arguments("{'id':'1','cmd':'login','uid':'alice','token':'t','device':3}",
                        "field 'device' must be a string", "1", "login"),
                // since
                arguments(login("'since':'u:1'"), "field 'since' must be an object", "1", "login"),
                arguments(login("'since':5"), "field 'since' must be an object", "1", "login"),
                arguments(login("'since':true"), "field 'since' must be an object", "1", "login"),
                arguments(login("'since':[['u',1]]"), "field 'since' must be an object", "1", "login"),
                arguments(login("'since':{'u':5}"), "field 'since.u' must be an object with epoch and seq", "1",
                        "login"),
                arguments(login("'since':{'u':null}"), "field 'since.u' must be an object with epoch and seq", "1",
                        "login"),
                arguments(login("'since':{'u':{'seq':5}}"), "missing field 'since.u.epoch'", "1", "login"),
                arguments(login("'since':{'u':{'epoch':'e'}}"), "field 'since.u.seq' must be an integer >= 0", "1",
                        "login"),
                arguments(login("'since':{'u':{'epoch':'e','seq':-1}}"), "field 'since.u.seq' must be an integer >= 0",
                        "1", "login"),
                arguments(login("'since':{'u':{'epoch':'e','seq':1.5}}"),
                        "field 'since.u' must be an object with a string epoch and an integer seq", "1", "login"),
                arguments(login("'since':{'u':{'epoch':7,'seq':1}}"),
                        "field 'since.u' must be an object with a string epoch and an integer seq", "1", "login"),
                arguments(login("'since':{'u':false}"), "field 'since.u' must be an object with epoch and seq", "1",
                        "login"),
                arguments(login("'since':{'u':[1]}"), "field 'since.u' must be an object with epoch and seq", "1",
                        "login"),
                arguments(login("'since':{'u':{'epoch':'e','seq':99999999999999999999}}"),
                        "field 'since.u' must be an object with a string epoch and an integer seq", "1", "login"),
                // join and leave
                arguments("{'id':'3','cmd':'join'}", "missing field 'group'", "3", "join"),
                arguments("{'id':'3','cmd':'join','group':''}", "field 'group' must not be empty", "3", "join"),
                arguments("{'id':'3','cmd':'join','group':['room1']}", "field 'group' must be a string", "3", "join"),
                arguments("{'id':'3','cmd':'leave'}", "missing field 'group'", "3", "leave"),
                arguments("{'id':'3','cmd':'leave','group':null}", "missing field 'group'", "3", "leave"),
                arguments("{'id':'3','cmd':'leave','group':1}", "field 'group' must be a string", "3", "leave"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badFields")
    void namesTheBadFieldAndEchoesWhatWasReadable(String frame, String message, String id, String cmd) {
        WireException e = readFails(frame.replace('\'', '"'));

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.cmd()).isEqualTo(cmd);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "7.5", "true", "[\"1\"]", "{\"v\":\"1\"}"})
    void refusesAnIdThatIsNotAString(String id) {
        WireException e = readFails("{\"id\":" + id + ",\"cmd\":\"heartbeat\"}");

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("field 'id' must be a string");
        assertThat(e.id()).isNull();
    }

    // ---- helpers ----

    /** Reads a frame written with single quotes for readability. */
    private ClientCommand read(String frame) throws WireException {
        byte[] utf8 = frame.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        return reader.read(utf8, 0, utf8.length);
    }

    @Test
    void readsALoginCarriedByAnUpgradeQuery() throws WireException {
        ClientCommand.Login login = reader.upgradeLogin("alice", "t", "web",
                "{\"user:alice\":{\"epoch\":\"e1\",\"seq\":4}}");

        assertThat(login.id()).isNull();
        assertThat(login.uid()).isEqualTo("alice");
        assertThat(login.device()).isEqualTo("web");
        assertThat(login.since()).containsExactly(Map.entry("user:alice", new StreamPosition("e1", 4)));
        assertThat(reader.upgradeLogin("bob", "t", "", null).device()).isNull();
        assertThat(login.ordered()).isFalse();
        assertThat(reader.upgradeLogin("bob", "t", null, null, "true").ordered()).isTrue();
        assertThat(reader.upgradeLogin("bob", "t", null, null, "false").ordered()).isFalse();
    }

    @Test
    void anUpgradeLoginWithOrderedNeitherTrueNorFalseIsA400() {
        WireException e = catchThrowableOfType(WireException.class,
                () -> reader.upgradeLogin("a", "t", null, null, "yes"));
        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).contains("ordered");
    }

    @Test
    void anUpgradeLoginWithoutUidOrWithBadPositionsIsA400() {
        assertThat(catchThrowableOfType(WireException.class, () -> reader.upgradeLogin("", "t", null, null))
                .getMessage()).contains("uid");
        assertThat(catchThrowableOfType(WireException.class,
                () -> reader.upgradeLogin("a", "t", null, "{\"all\":{\"seq\":1}}")).getMessage())
                .contains("since.all.epoch");
        assertThat(catchThrowableOfType(WireException.class, () -> reader.upgradeLogin("a", "t", null, "[1]"))
                .code()).isEqualTo(ReplyCode.BAD_REQUEST);
    }

    /**
     * Jackson refuses some invalid UTF-8 but reads an overlong form and a code point past U+10FFFF as if they were
     * text, even inside a value it only skips; the codec checks the bytes itself, so that such bytes never reach a
     * frame (the gateway's WebSocket layer still fails text frames that are not UTF-8 with 1007, as RFC 6455 wants).
     */
    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {"c080", "c0af", "e080af", "f4908080", "eda080", "f8888080", "ff", "80", "c3"})
    void invalidUtf8AnywhereIsA400(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] head = "{\"id\":\"1\",\"cmd\":\"x\",\"data\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + bad.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(bad, 0, frame, head.length, bad.length);
        frame[frame.length - 2] = '"';
        frame[frame.length - 1] = '}';

        WireException e = catchThrowableOfType(WireException.class, () -> reader.read(frame, 0, frame.length));

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("malformed JSON: invalid UTF-8 at byte " + head.length);
    }

    private WireException readFails(String frame) {
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        WireException e = catchThrowableOfType(WireException.class, () -> reader.read(utf8, 0, utf8.length));
        assertThat(e).as("WireException for %s", frame).isNotNull();
        return e;
    }

    private static String login(String extraField) {
        return "{'id':'1','cmd':'login','uid':'alice','token':'t'," + extraField + "}";
    }

    /** A custom command whose nesting, counting the frame's own object, is {@code depth} levels deep. */
    private static String customWithNesting(int depth) {
        int arrays = depth - 1;
        return "{\"id\":\"4\",\"cmd\":\"deep\",\"data\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}";
    }
}
