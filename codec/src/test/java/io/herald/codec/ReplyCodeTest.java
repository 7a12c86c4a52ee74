package io.herald.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reply codes are part of the wire contract (PROTOCOL.md): their numbers must not drift. */
class ReplyCodeTest {

    @Test
    void numbersMatchTheProtocol() {
        assertThat(ReplyCode.OK.code()).isEqualTo(200);
        assertThat(ReplyCode.BAD_REQUEST.code()).isEqualTo(400);
        assertThat(ReplyCode.UNAUTHORIZED.code()).isEqualTo(401);
        assertThat(ReplyCode.FORBIDDEN.code()).isEqualTo(403);
        assertThat(ReplyCode.NOT_FOUND.code()).isEqualTo(404);
        assertThat(ReplyCode.METHOD_NOT_ALLOWED.code()).isEqualTo(405);
        assertThat(ReplyCode.CONFLICT.code()).isEqualTo(409);
        assertThat(ReplyCode.TOO_LARGE.code()).isEqualTo(413);
        assertThat(ReplyCode.TOO_MANY_REQUESTS.code()).isEqualTo(429);
        assertThat(ReplyCode.INTERNAL_ERROR.code()).isEqualTo(500);
        assertThat(ReplyCode.BAD_GATEWAY.code()).isEqualTo(502);
        assertThat(ReplyCode.UNAVAILABLE.code()).isEqualTo(503);
        assertThat(ReplyCode.GATEWAY_TIMEOUT.code()).isEqualTo(504);
    }

    @Test
    void okSaysOk() {
        assertThat(ReplyCode.OK.defaultMessage()).isEqualTo("ok");
    }

    @Test
    void everyCodeHasADefaultMessage() {
        for (ReplyCode code : ReplyCode.values()) {
            assertThat(code.defaultMessage()).as(code.name()).isNotBlank();
        }
    }
}
