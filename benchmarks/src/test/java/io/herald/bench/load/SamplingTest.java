package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingTest {

    @Test
    void drawsDistinctIndexesInRange() {
        SplittableRandom random = new SplittableRandom(7);
        for (int k : new int[] {1, 10, 100, 1000}) {
            int[] picked = Sampling.distinct(random, 1000, k);

            assertThat(picked).hasSize(k);
            assertThat(Arrays.stream(picked).distinct().count()).isEqualTo(k);
            assertThat(Arrays.stream(picked).allMatch(i -> i >= 0 && i < 1000)).isTrue();
        }
    }
}
