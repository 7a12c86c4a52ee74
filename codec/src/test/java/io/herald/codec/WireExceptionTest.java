package io.herald.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WireExceptionTest {

    @Test
    void missingNamesTheField() {
        WireException e = WireException.missing("uid");

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e).hasMessage("missing field 'uid'");
        assertThat(e.id()).isNull();
        assertThat(e.cmd()).isNull();
    }

    @Test
    void wrongTypeNamesTheFieldAndWhatWasExpected() {
        WireException e = WireException.wrongType("since", "an object of integers");

        assertThat(e.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(e).hasMessage("field 'since' must be an object of integers");
    }

    @Test
    void withRequestKeepsTheProblemAndAddsTheRequest() {
        WireException original = WireException.missing("group");

        WireException withRequest = original.withRequest("3", "join");

        assertThat(withRequest.code()).isEqualTo(ReplyCode.BAD_REQUEST);
        assertThat(withRequest).hasMessage("missing field 'group'");
        assertThat(withRequest.id()).isEqualTo("3");
        assertThat(withRequest.cmd()).isEqualTo("join");
        assertThat(original.id()).isNull();
        assertThat(original.cmd()).isNull();
    }

    @Test
    void carriesAnyCode() {
        WireException e = new WireException(ReplyCode.TOO_LARGE, "body over 65536 bytes", "7", "chat");

        assertThat(e.code().code()).isEqualTo(413);
        assertThat(e).hasMessage("body over 65536 bytes");
        assertThat(e.id()).isEqualTo("7");
        assertThat(e.cmd()).isEqualTo("chat");
    }

    @Test
    void hasNoStackTraceOrCause() {
        WireException e = WireException.missing("id");

        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e).hasNoCause();
    }
}
