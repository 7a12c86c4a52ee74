package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushDedupeTest {

    @Test
    void dropsARepeatOfAnIdWithinTheWindow() {
        PushDedupe dedupe = new PushDedupe(3);

        assertThat(dedupe.firstTime("r.1")).isTrue();
        assertThat(dedupe.firstTime("r.2")).isTrue();
        assertThat(dedupe.firstTime("r.1")).isFalse();
        assertThat(dedupe.firstTime("r.2")).isFalse();
        assertThat(dedupe.firstTime("r.3")).isTrue();
        assertThat(dedupe.firstTime("r.3")).isFalse();
    }

    @Test
    void forgetsTheOldestIdOnceTheWindowIsFull() {
        PushDedupe dedupe = new PushDedupe(2);
        dedupe.firstTime("r.1");
        dedupe.firstTime("r.2");

        assertThat(dedupe.firstTime("r.3")).isTrue();

        assertThat(dedupe.firstTime("r.1")).as("out of the window: the run's ledger catches it").isTrue();
        assertThat(dedupe.firstTime("r.3")).as("still in").isFalse();
    }

    @Test
    void aRepeatDoesNotTakeAPlaceInTheWindow() {
        PushDedupe dedupe = new PushDedupe(2);
        dedupe.firstTime("r.1");
        dedupe.firstTime("r.2");
        dedupe.firstTime("r.2");
        dedupe.firstTime("r.2");

        assertThat(dedupe.firstTime("r.1")).isFalse();
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new PushDedupe(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window: 0 (expected: > 0)");
    }
}
