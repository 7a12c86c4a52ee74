package io.herald.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HexFormat;

import static io.herald.gateway.RawWebSocket.CONTINUATION;
import static io.herald.gateway.RawWebSocket.PING;
import static io.herald.gateway.RawWebSocket.PONG;
import static io.herald.gateway.RawWebSocket.TEXT;
import static io.herald.gateway.RawWebSocket.concat;
import static io.herald.gateway.RawWebSocket.frame;
import static io.herald.gateway.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 UTF-8 handling (Autobahn cases 6.x): a text message that is not valid UTF-8 fails the connection with
 * 1007, whether the bad bytes sit in a JSON string the node would skip, outside any string, or split across
 * fragments; valid text split inside a code point is read whole.
 */
class Rfc6455Utf8IT extends Rfc6455Cases {

    /** A heartbeat whose ignored {@code pad} field holds {@code bytes} between two ASCII letters. */
    private static byte[] heartbeatPadded(String id, byte[] bytes) {
        return concat(utf8("{\"id\":\"" + id + "\",\"cmd\":\"heartbeat\",\"pad\":\"a"), bytes, utf8("z\"}"));
    }

    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {
        "ff",          // never in UTF-8
        "80",          // a continuation byte alone
        "c080",        // overlong NUL
        "e08080",      // overlong, three bytes
        "f0808080",    // overlong, four bytes
        "eda080",      // a UTF-16 surrogate (U+D800)
        "edbfbf",      // a UTF-16 surrogate (U+DFFF)
        "f4908080",    // past U+10FFFF
        "ce",          // a lead byte without its continuation
        "e282",        // a code point cut short
        "cebae1bdb9cf83cebcceb5eda080656469746564" // the Autobahn sample: valid text, then a surrogate
    })
    void invalidUtf8InATextFrameFailsWith1007(String hex) {
        raw.write(frame(TEXT, heartbeatPadded("bad", HexFormat.of().parseHex(hex))));

        expectFailure(1007);
    }

    @Test
    void invalidUtf8OutsideAnyJsonStringFailsWith1007() {
        raw.write(frame(TEXT, concat(heartbeat("bad"), new byte[] {(byte) 0xFF})));

        expectFailure(1007);
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsFailsWith1007() {
        // F0 90 starts a four-byte code point; the next fragment goes on with "(", not a continuation byte.
        byte[] message = heartbeatPadded("bad", HexFormat.of().parseHex("f09028"));
        int split = message.length - 5;

        raw.write(concat(frame(false, 0, TEXT, Arrays.copyOfRange(message, 0, split)),
                frame(true, 0, CONTINUATION, Arrays.copyOfRange(message, split, message.length))));

        expectFailure(1007);
    }

    @Test
    void invalidUtf8InTheFirstFragmentFailsWith1007BeforeTheMessageEnds() {
        raw.write(frame(false, 0, TEXT, concat(utf8("{\"id\":\""), HexFormat.of().parseHex("eda080"))));

        expectFailure(1007);
    }

    @Test
    void aMessageEndingInsideACodePointFailsWith1007() {
        byte[] message = heartbeatPadded("bad", new byte[0]);

        raw.write(concat(frame(false, 0, TEXT, message), frame(true, 0, CONTINUATION, new byte[] {(byte) 0xE2})));

        expectFailure(1007);
    }

    @Test
    void validTextSplitInsideACodePointIsReadWhole() {
        byte[] message = utf8("{\"id\":\"€𝄞κόσμε\",\"cmd\":\"heartbeat\"}");
        int euro = 7; // the first byte of "€" (E2 82 AC)
        byte[][] frames = {
            frame(false, 0, TEXT, Arrays.copyOfRange(message, 0, euro + 1)),
            frame(false, 0, CONTINUATION, Arrays.copyOfRange(message, euro + 1, euro + 5)), // into "𝄞"
            frame(true, 0, CONTINUATION, Arrays.copyOfRange(message, euro + 5, message.length))
        };

        raw.write(concat(frames));

        expectHeartbeatReply("€𝄞κόσμε");
    }

    @Test
    void validTextSplitInsideACodePointWithAPingAndAPongBetweenIsReadWhole() {
        byte[] message = utf8("{\"id\":\"€\",\"cmd\":\"heartbeat\"}");
        int euro = 7;

        raw.write(concat(frame(false, 0, TEXT, Arrays.copyOfRange(message, 0, euro + 2)), frame(PING, utf8("p")),
                frame(PONG, utf8("q")), frame(true, 0, CONTINUATION, Arrays.copyOfRange(message, euro + 2,
                        message.length))));

        assertThat(raw.next().opcode()).isEqualTo(PONG);
        expectHeartbeatReply("€");
    }

    @Test
    void validTextTrickledOneByteAtATimeIsRead() {
        raw.trickle(frame(TEXT, utf8("{\"id\":\"κόσμε\",\"cmd\":\"heartbeat\"}")));

        expectHeartbeatReply("κόσμε");
    }
}
