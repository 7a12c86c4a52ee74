package io.herald.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static io.herald.gateway.RawWebSocket.BINARY;
import static io.herald.gateway.RawWebSocket.PING;
import static io.herald.gateway.RawWebSocket.PONG;
import static io.herald.gateway.RawWebSocket.TEXT;
import static io.herald.gateway.RawWebSocket.concat;
import static io.herald.gateway.RawWebSocket.frame;
import static io.herald.gateway.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 framing (Autobahn cases 1.x to 4.x, and masking): payload lengths in 7, 16 and 64 bits; Pings
 * answered with their payload, control frames over 125 bytes refused; reserved bits and opcodes refused with 1002
 * (no extension is negotiated); an unmasked client frame refused with 1002; a frame trickled in one byte at a time
 * and many frames in one write read as usual.
 */
class Rfc6455FramingIT extends Rfc6455Cases {

    /** A heartbeat command padded with an ignored field to exactly {@code bytes} bytes. */
    private static byte[] heartbeatOfSize(String id, int bytes) {
        String head = "{\"id\":\"" + id + "\",\"cmd\":\"heartbeat\",\"pad\":\"";
        return utf8(head + "x".repeat(bytes - head.length() - 2) + "\"}");
    }

    @Test
    void aFrameWithA7BitLengthIsRead() {
        byte[] command = heartbeatOfSize("short", 125);
        assertThat(frame(TEXT, command)[1] & 0x7F).isEqualTo(125);

        raw.write(frame(TEXT, command));

        expectHeartbeatReply("short");
    }

    @Test
    void aFrameWithA16BitLengthIsRead() {
        byte[] command = heartbeatOfSize("medium", 0xFFFF);
        assertThat(frame(TEXT, command)[1] & 0x7F).isEqualTo(126);

        raw.write(frame(TEXT, command));

        expectHeartbeatReply("medium");
    }

    @Test
    void aFrameWithA64BitLengthIsRead() {
        byte[] command = heartbeatOfSize("long", 0x10000);
        assertThat(frame(TEXT, command)[1] & 0x7F).isEqualTo(127);

        raw.write(frame(TEXT, command));

        expectHeartbeatReply("long");
    }

    @Test
    void aLengthNotInItsShortestFormFailsWith1002() {
        byte[] command = heartbeat("padded");
        // A 16-bit length for a payload that fits in 7 bits, unmasked for the test to build; the mask bit set.
        ByteBuffer frame = ByteBuffer.allocate(8 + command.length).put((byte) 0x81).put((byte) (0x80 | 126))
                .putShort((short) command.length).put(new byte[4]).put(command);

        raw.write(frame.array());

        expectFailure(1002);
    }

    @Test
    void aLengthWithItsHighestBitSetFailsWith1002() {
        // A 64-bit length must have its most significant bit 0; this one reads as negative.
        ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127))
                .putLong(0x8000_0000_0000_0010L).put(new byte[4]);

        raw.write(header.array());

        expectFailure(1002);
    }

    @Test
    void aDeclaredLengthOverTheLimitFailsWith1009BeforeAnyPayload() {
        ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127))
                .putLong(1L << 40).put(new byte[4]);

        raw.write(header.array());

        expectFailure(1009);
    }

    @Test
    void aFrameOverTheLimitFailsWith1009() {
        raw.write(frame(TEXT, heartbeatOfSize("huge", MAX_FRAME_BYTES + 1)));

        expectFailure(1009);
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() {
        byte[] payload = new byte[125];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (0xFF - i);
        }

        raw.write(frame(PING, payload));

        RawWebSocket.Frame pong = raw.next();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.payload()).isEqualTo(payload);
    }

    @Test
    void aPingWithoutPayloadIsAnsweredWithAnEmptyPong() {
        raw.write(frame(PING, new byte[0]));

        RawWebSocket.Frame pong = raw.next();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.payload()).isEmpty();
    }

    @Test
    void aPingOver125BytesFailsWith1002() {
        raw.write(frame(PING, new byte[126]));

        expectFailure(1002);
    }

    @Test
    void anUnsolicitedPongIsIgnored() {
        raw.write(concat(frame(PONG, utf8("unsolicited")), frame(TEXT, heartbeat("after-pong"))));

        expectHeartbeatReply("after-pong");
    }

    @Test
    void aPongOver125BytesFailsWith1002() {
        raw.write(frame(PONG, new byte[126]));

        expectFailure(1002);
    }

    @Test
    void aBinaryFrameIsAnswered400AndTheConnectionStays() {
        raw.write(frame(BINARY, heartbeat("binary")));

        assertThat(raw.nextJson()).containsEntry("code", 400);
        raw.write(frame(TEXT, heartbeat("after")));
        expectHeartbeatReply("after");
    }

    @ParameterizedTest(name = "RSV {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aTextFrameWithReservedBitsFailsWith1002(int rsv) {
        raw.write(frame(true, rsv, TEXT, heartbeat("rsv")));

        expectFailure(1002);
    }

    @Test
    void aPingWithReservedBitsFailsWith1002() {
        raw.write(frame(true, 4, PING, utf8("rsv")));

        expectFailure(1002);
    }

    @Test
    void reservedBitsAfterAValidFrameFailWith1002AfterItsReply() {
        raw.write(concat(frame(TEXT, heartbeat("valid")), frame(true, 2, TEXT, heartbeat("rsv"))));

        expectHeartbeatReply("valid");
        expectFailure(1002);
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
    void aReservedOpcodeFailsWith1002(int opcode) {
        raw.write(frame(opcode, new byte[0]));

        expectFailure(1002);
    }

    @Test
    void aReservedOpcodeWithPayloadAfterAValidFrameFailsWith1002AfterItsReply() {
        raw.write(concat(frame(TEXT, heartbeat("valid")), frame(5, utf8("reserved"))));

        expectHeartbeatReply("valid");
        expectFailure(1002);
    }

    @Test
    void anUnmaskedFrameFailsWith1002() {
        raw.write(frame(true, 0, TEXT, heartbeat("unmasked"), false));

        expectFailure(1002);
    }

    @Test
    void aFrameTrickledOneByteAtATimeIsRead() {
        raw.trickle(frame(TEXT, heartbeat("trickled")));

        expectHeartbeatReply("trickled");
    }

    @Test
    void aPingTrickledOneByteAtATimeIsAnswered() {
        raw.trickle(frame(PING, utf8("trickled")));

        RawWebSocket.Frame pong = raw.next();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.text()).isEqualTo("trickled");
    }

    @Test
    void manyCommandsInOneWriteAreAnsweredInOrder() {
        int commands = 200;
        byte[][] frames = new byte[commands][];
        for (int i = 0; i < commands; i++) {
            frames[i] = frame(TEXT, heartbeat("batch-" + i));
        }

        raw.write(concat(frames));

        for (int i = 0; i < commands; i++) {
            expectHeartbeatReply("batch-" + i);
        }
    }
}
