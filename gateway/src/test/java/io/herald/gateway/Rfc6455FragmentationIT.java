package io.herald.gateway;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.herald.gateway.RawWebSocket.BINARY;
import static io.herald.gateway.RawWebSocket.CLOSE;
import static io.herald.gateway.RawWebSocket.CONTINUATION;
import static io.herald.gateway.RawWebSocket.PING;
import static io.herald.gateway.RawWebSocket.PONG;
import static io.herald.gateway.RawWebSocket.TEXT;
import static io.herald.gateway.RawWebSocket.closeBody;
import static io.herald.gateway.RawWebSocket.concat;
import static io.herald.gateway.RawWebSocket.frame;
import static io.herald.gateway.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 fragmentation (Autobahn cases 5.x): a message in fragments is read whole, with control frames between
 * its fragments answered; a fragmented control frame, a continuation with nothing to continue, and a new data frame
 * inside a fragmented message fail the connection with 1002.
 */
class Rfc6455FragmentationIT extends Rfc6455Cases {

    private static final byte[] COMMAND = heartbeat("frag");

    private static byte[] part(int from, int to) {
        return Arrays.copyOfRange(COMMAND, from, to);
    }

    @Test
    void aMessageInTwoFragmentsIsReadWhole() {
        raw.write(concat(frame(false, 0, TEXT, part(0, 10)), frame(true, 0, CONTINUATION, part(10, COMMAND.length))));

        expectHeartbeatReply("frag");
    }

    @Test
    void aMessageInOneByteFragmentsIsReadWhole() {
        byte[][] frames = new byte[COMMAND.length][];
        for (int i = 0; i < COMMAND.length; i++) {
            frames[i] = frame(i == COMMAND.length - 1, 0, i == 0 ? TEXT : CONTINUATION, part(i, i + 1));
        }

        raw.write(concat(frames));

        expectHeartbeatReply("frag");
    }

    @Test
    void emptyFragmentsAreReadAsPartsOfTheMessage() {
        raw.write(concat(frame(false, 0, TEXT, new byte[0]), frame(false, 0, CONTINUATION, COMMAND),
                frame(true, 0, CONTINUATION, new byte[0])));

        expectHeartbeatReply("frag");
    }

    @Test
    void fragmentsSentOneByOneAreReadWhole() {
        raw.write(frame(false, 0, TEXT, part(0, 5)));
        raw.write(frame(false, 0, CONTINUATION, part(5, 12)));
        raw.write(frame(true, 0, CONTINUATION, part(12, COMMAND.length)));

        expectHeartbeatReply("frag");
    }

    @Test
    void aPingBetweenFragmentsIsAnsweredAndTheMessageIsReadWhole() {
        raw.write(concat(frame(false, 0, TEXT, part(0, 10)), frame(PING, utf8("between")),
                frame(true, 0, CONTINUATION, part(10, COMMAND.length))));

        RawWebSocket.Frame pong = raw.next();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.text()).isEqualTo("between");
        expectHeartbeatReply("frag");
    }

    @Test
    void aPingBetweenFragmentsSentApartIsAnsweredBeforeTheMessageEnds() {
        raw.write(frame(false, 0, TEXT, part(0, 10)));
        raw.write(frame(PING, utf8("between")));

        assertThat(raw.next().opcode()).isEqualTo(PONG);
        raw.write(frame(true, 0, CONTINUATION, part(10, COMMAND.length)));
        expectHeartbeatReply("frag");
    }

    @Test
    void aPongBetweenFragmentsIsIgnored() {
        raw.write(concat(frame(false, 0, TEXT, part(0, 10)), frame(PONG, utf8("between")),
                frame(true, 0, CONTINUATION, part(10, COMMAND.length))));

        expectHeartbeatReply("frag");
    }

    @Test
    void aCloseBetweenFragmentsEndsTheConnection() {
        raw.write(concat(frame(false, 0, TEXT, part(0, 10)), frame(CLOSE, closeBody(1000, new byte[0])),
                frame(true, 0, CONTINUATION, part(10, COMMAND.length))));

        expectFailure(1000);
    }

    @Test
    void aFragmentedPingFailsWith1002() {
        raw.write(concat(frame(false, 0, PING, utf8("frag")), frame(true, 0, CONTINUATION, utf8("ment"))));

        expectFailure(1002);
    }

    @Test
    void aFragmentedPongFailsWith1002() {
        raw.write(concat(frame(false, 0, PONG, utf8("frag")), frame(true, 0, CONTINUATION, utf8("ment"))));

        expectFailure(1002);
    }

    @Test
    void aFragmentedCloseFailsWith1002() {
        raw.write(concat(frame(false, 0, CLOSE, closeBody(1000, new byte[0])),
                frame(true, 0, CONTINUATION, new byte[0])));

        expectFailure(1002);
    }

    @Test
    void aFinalContinuationWithNothingToContinueFailsWith1002() {
        raw.write(frame(true, 0, CONTINUATION, COMMAND));

        expectFailure(1002);
    }

    @Test
    void aContinuationWithNothingToContinueFailsWith1002() {
        raw.write(concat(frame(false, 0, CONTINUATION, part(0, 10)),
                frame(true, 0, CONTINUATION, part(10, COMMAND.length))));

        expectFailure(1002);
    }

    @Test
    void aContinuationAfterAWholeMessageFailsWith1002AfterItsReply() {
        raw.write(concat(frame(TEXT, COMMAND), frame(true, 0, CONTINUATION, utf8("more"))));

        expectHeartbeatReply("frag");
        expectFailure(1002);
    }

    @Test
    void aTextFrameInsideAFragmentedMessageFailsWith1002() {
        raw.write(concat(frame(false, 0, TEXT, part(0, 10)), frame(TEXT, heartbeat("inside")),
                frame(true, 0, CONTINUATION, part(10, COMMAND.length))));

        expectFailure(1002);
    }

    @Test
    void aBinaryFrameInsideAFragmentedMessageFailsWith1002() {
        raw.write(concat(frame(false, 0, TEXT, part(0, 10)), frame(false, 0, BINARY, utf8("inside")),
                frame(true, 0, CONTINUATION, part(10, COMMAND.length))));

        expectFailure(1002);
    }

    @Test
    void aFragmentedMessageOverTheLimitFailsWith1009() {
        byte[] half = utf8("x".repeat(MAX_FRAME_BYTES / 2 + 1));

        raw.write(concat(frame(false, 0, TEXT, half), frame(true, 0, CONTINUATION, half)));

        expectFailure(1009);
    }
}
