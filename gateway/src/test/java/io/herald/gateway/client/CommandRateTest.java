package io.herald.gateway.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfTheRateThenOneEachIntervalAndNoCreditForRefusals() {
        CommandRate rate = new CommandRate(4);
        for (int i = 0; i < 4; i++) {
            assertThat(rate.take(0)).as("command %d of the burst", i + 1).isTrue();
        }
        assertThat(rate.take(0)).isFalse();
        assertThat(rate.take(SECOND / 4 - 1)).isFalse();

        assertThat(rate.take(SECOND / 4)).isTrue();
        assertThat(rate.take(SECOND / 4)).isFalse();
    }

    @Test
    void silenceRefillsTheBurstAndNoMore() {
        CommandRate rate = new CommandRate(4);
        for (int i = 0; i < 4; i++) {
            rate.take(0);
        }

        for (int i = 0; i < 4; i++) {
            assertThat(rate.take(60 * SECOND)).isTrue();
        }
        assertThat(rate.take(60 * SECOND)).isFalse();
    }

    @Test
    void worksWhereTheClockReadsNegative() {
        CommandRate rate = new CommandRate(1);

        assertThat(rate.take(-5 * SECOND)).isTrue();
        assertThat(rate.take(-5 * SECOND)).isFalse();
        assertThat(rate.take(-4 * SECOND)).isTrue();
    }
}
