package io.herald.gateway.session;

import io.herald.codec.CloseCode;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Why a connection ended, as its disconnect event says: from the node's close codes, and the first cause wins. */
class CloseReasonTest {

    @ParameterizedTest
    @CsvSource({"GOING_AWAY,going_away", "UNAUTHORIZED,unauthorized", "KICKED,kicked", "RATE_LIMITED,rate_limited",
            "TOO_SLOW,too_slow", "TOO_BIG,error", "LOGIN_TIMEOUT,idle", "REPLACED,replaced"})
    void eachCloseOfTheNodeHasItsReason(CloseCode code, String reason) {
        assertThat(CloseReason.of(code).wire()).isEqualTo(reason);
    }

    @Test
    void theWireNamesAreThoseOfTheProtocol() {
        assertThat(java.util.Arrays.stream(CloseReason.values()).map(CloseReason::wire)).containsExactly("client",
                "idle", "kicked", "too_slow", "going_away", "unauthorized", "rate_limited", "replaced", "error");
    }

    @Test
    void aConnectionThatJustEndedWasTheClientsDoingWithoutACloseFrame() {
        Session session = new Session(new EmbeddedChannel(), "c-1");

        assertThat(session.end().reason()).isEqualTo(CloseReason.CLIENT);
        assertThat(session.end().code()).isEqualTo(1006);
    }

    @Test
    void theNodesCloseIsTheCauseEvenWhenTheClientEchoesIt() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Session session = new Session(ch, "c-1");
        session.markUpgraded();

        session.close(CloseCode.TOO_SLOW);
        session.end().note(CloseReason.CLIENT, 4009);

        assertThat(session.end().reason()).isEqualTo(CloseReason.TOO_SLOW);
        assertThat(session.end().code()).isEqualTo(4009);
        ch.finishAndReleaseAll();
    }
}
