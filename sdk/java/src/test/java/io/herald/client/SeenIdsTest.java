package io.herald.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeenIdsTest {

    @Test
    void anIdSeenIsADuplicateUntilItIsTheOldestPastTheBound() {
        SeenIds seen = new SeenIds(3);

        assertThat(seen.add("a")).isTrue();
        assertThat(seen.add("a")).isFalse();
        seen.add("b");
        seen.add("c");
        assertThat(seen.add("d")).isTrue();

        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.add("b")).isFalse();
        assertThat(seen.add("a")).as("forgotten, the oldest").isTrue();
    }
}
