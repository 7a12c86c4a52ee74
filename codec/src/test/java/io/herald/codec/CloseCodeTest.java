package io.herald.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The close codes are part of the wire contract (PROTOCOL.md): their numbers must not drift. */
class CloseCodeTest {

    @Test
    void numbersMatchTheProtocol() {
        assertThat(CloseCode.GOING_AWAY.code()).isEqualTo(1001);
        assertThat(CloseCode.TOO_BIG.code()).isEqualTo(1009);
        assertThat(CloseCode.UNAUTHORIZED.code()).isEqualTo(4001);
        assertThat(CloseCode.LOGIN_TIMEOUT.code()).isEqualTo(4002);
        assertThat(CloseCode.KICKED.code()).isEqualTo(4003);
        assertThat(CloseCode.RATE_LIMITED.code()).isEqualTo(4008);
        assertThat(CloseCode.TOO_SLOW.code()).isEqualTo(4009);
        assertThat(CloseCode.REPLACED.code()).isEqualTo(4010);
        assertThat(CloseCode.TOO_MANY_CONNECTIONS.code()).isEqualTo(4010);
        assertThat(CloseCode.values()).hasSize(9);
    }

    @Test
    void everyReasonFitsACloseFrame() {
        // A close frame's reason is at most 123 bytes of UTF-8.
        for (CloseCode code : CloseCode.values()) {
            assertThat(code.reason()).as(code.name()).isNotBlank().hasSizeLessThanOrEqualTo(123);
        }
    }
}
