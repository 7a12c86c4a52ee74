package io.herald.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void theBoundDoublesUpToTheMaximumAndTheDelayIsAnywhereBelowIt() {
        Backoff highest = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15), () -> 0.999999);

        long[] delays = new long[9];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = highest.next().toMillis();
        }

        assertThat(delays).containsExactly(249, 499, 999, 1999, 3999, 7999, 14999, 14999, 14999);
        assertThat(new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15), () -> 0).next()).isZero();
    }

    @Test
    void aLoginStartsTheDoublingAgain() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.5);
        backoff.next();
        backoff.next();
        assertThat(backoff.capMillis()).isEqualTo(400);

        backoff.reset();

        assertThat(backoff.capMillis()).isEqualTo(100);
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void manyAttemptsNeverOverflow() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15), () -> 0.999999);
        for (int i = 0; i < 100; i++) {
            backoff.next();
        }
        assertThat(backoff.capMillis()).isEqualTo(15_000);
    }
}
