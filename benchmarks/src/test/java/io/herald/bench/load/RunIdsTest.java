package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunIdsTest {

    private final RunIds ids = new RunIds("k3f9x2");

    @Test
    void messageIdsReadBackAsTheirNumber() {
        assertThat(ids.messageId(0)).isEqualTo("k3f9x2.0");
        assertThat(ids.seq(ids.messageId(0))).isZero();
        assertThat(ids.seq(ids.messageId(1_234_567_890_123L))).isEqualTo(1_234_567_890_123L);
    }

    @Test
    void otherIdsAreNotThisRuns() {
        assertThat(ids.seq("other.5")).isEqualTo(-1);
        assertThat(ids.seq("k3f9x2.")).isEqualTo(-1);
        assertThat(ids.seq("k3f9x2.5a")).isEqualTo(-1);
        assertThat(ids.seq("k3f9x2.-5")).isEqualTo(-1);
        assertThat(ids.seq("k3f9x2.99999999999999999999")).isEqualTo(-1);
        assertThat(ids.seq(null)).isEqualTo(-1);
    }

    @Test
    void aRunIdIsLettersAndDigitsThatNeedNoEscaping() {
        assertThat(ids.messagePrefix()).isEqualTo("k3f9x2.");
        assertThatThrownBy(() -> new RunIds("a\"b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run: a\"b (expected: ASCII letters and digits)");
        assertThatThrownBy(() -> new RunIds("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usersAreNamedAfterTheRun() {
        assertThat(ids.uid(17)).isEqualTo("k3f9x2-17");
    }

    @Test
    void randomRunIdsAreSixCharacters() {
        assertThat(RunIds.random().run()).matches("[0-9a-z]{6}");
    }
}
