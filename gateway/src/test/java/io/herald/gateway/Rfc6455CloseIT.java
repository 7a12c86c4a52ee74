package io.herald.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.herald.gateway.RawWebSocket.CLOSE;
import static io.herald.gateway.RawWebSocket.TEXT;
import static io.herald.gateway.RawWebSocket.closeBody;
import static io.herald.gateway.RawWebSocket.concat;
import static io.herald.gateway.RawWebSocket.frame;
import static io.herald.gateway.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 close handling (Autobahn cases 7.x): a valid close frame is answered with its code, once, and the
 * connection ends; a close frame with one byte of payload, a code no endpoint may send, or a reason that is not
 * UTF-8 fails the connection with 1002; nothing after a close frame is read; and whoever closes first, the node
 * sends one close frame, never a second.
 */
class Rfc6455CloseIT extends Rfc6455Cases {

    @Test
    void aCloseWithoutPayloadIsAnsweredWithoutPayload() {
        raw.write(frame(CLOSE, new byte[0]));

        RawWebSocket.Frame answer = raw.expectClose();
        assertThat(answer.payload()).isEmpty();
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
            4999})
    void aCloseWithAValidCodeIsAnsweredWithThatCode(int code) {
        raw.write(frame(CLOSE, closeBody(code, new byte[0])));

        expectFailure(code);
    }

    @Test
    void aCloseWithAReasonIsAnsweredWithItsCode() {
        raw.write(frame(CLOSE, closeBody(1000, utf8("bye, κόσμε"))));

        expectFailure(1000);
    }

    @Test
    void aCloseWithTheLongestReasonIsAnswered() {
        raw.write(frame(CLOSE, closeBody(1000, utf8("*".repeat(123)))));

        expectFailure(1000);
    }

    @Test
    void aCloseWithOneBytePayloadFailsWith1002() {
        raw.write(frame(CLOSE, new byte[] {0x03}));

        expectFailure(1002);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void aCloseWithACodeNoEndpointMaySendFailsWith1002(int code) {
        raw.write(frame(CLOSE, closeBody(code, new byte[0])));

        expectFailure(1002);
    }

    @Test
    void aCloseWithAReasonThatIsNotUtf8FailsWith1002() {
        raw.write(frame(CLOSE, closeBody(1000, new byte[] {'o', 'k', (byte) 0xCE, (byte) 0xBA, (byte) 0xE1,
                (byte) 0xBD, (byte) 0xB9, (byte) 0xCF, (byte) 0x83, (byte) 0xCE, (byte) 0xBC, (byte) 0xCE,
                (byte) 0xB5, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'e', 'd', 'i', 't', 'e', 'd'})));

        expectFailure(1002);
    }

    @Test
    void aFailedConnectionIsClosedByTheNodeWhenTheClientDoesNotAnswer() {
        raw.write(frame(CLOSE, closeBody(1005, new byte[0])));

        assertThat(raw.expectCloseUnanswered().closeCode()).isEqualTo(1002);
    }

    @Test
    void aClosedConnectionIsClosedByTheNodeWhenTheClientDoesNotCloseItsSide() {
        raw.write(frame(CLOSE, closeBody(1000, new byte[0])));

        assertThat(raw.expectCloseUnanswered().closeCode()).isEqualTo(1000);
    }

    @Test
    void framesAfterACloseAreNotRead() {
        raw.write(concat(frame(CLOSE, closeBody(1000, new byte[0])), frame(TEXT, heartbeat("after"))));

        expectFailure(1000);
    }

    @Test
    void aPingAfterACloseIsNotAnswered() {
        raw.write(concat(frame(CLOSE, closeBody(1000, new byte[0])), frame(RawWebSocket.PING, utf8("late"))));

        expectFailure(1000);
    }

    @Test
    void theNodesOwnCloseAnsweredByTheClientIsNotAnsweredAgain() {
        RawWebSocket kicked = gateway.rawLogin("dave");
        try {
            assertThat(gateway.api().post("/api/kick", Map.of("uid", "dave")).expect(200).data("closed"))
                    .isEqualTo(1);

            // The client answers the node's 4003 with its own close frame; the node sends nothing more.
            assertThat(kicked.expectClose().closeCode()).isEqualTo(4003);
        } finally {
            kicked.close();
        }
    }
}
