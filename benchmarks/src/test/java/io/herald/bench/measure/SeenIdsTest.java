package io.herald.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SeenIdsTest {

    private final SeenIds seen = new SeenIds();

    @Test
    void tellsAFirstReceiptFromARepeat() {
        assertThat(seen.add(5)).isTrue();
        assertThat(seen.add(5)).isFalse();
        assertThat(seen.add(6)).isTrue();
        assertThat(seen.contains(5)).isTrue();
        assertThat(seen.contains(7)).isFalse();
    }

    @Test
    void aContiguousRunFromZeroHoldsNoWords() {
        int end = 64 * 1500;
        for (long seq = 0; seq < end; seq++) {
            assertThat(seen.add(seq)).isTrue();
        }

        assertThat(seen.wordsHeld()).isZero();
        assertThat(seen.add(0)).isFalse();
        assertThat(seen.add(end - 1)).isFalse();
        assertThat(seen.add(end)).isTrue();
        assertThat(seen.wordsHeld()).as("the word just begun").isEqualTo(1);
    }

    @Test
    void reorderingWithinAWindowHoldsOnlyTheWindow() {
        // Pairs swapped: 1, 0, 3, 2, ...
        for (long seq = 0; seq < 64 * 150; seq += 2) {
            seen.add(seq + 1);
            seen.add(seq);
        }

        assertThat(seen.wordsHeld()).isZero();
    }

    @Test
    void aHoleKeepsTheWordsAboveIt() {
        for (long seq = 0; seq < 640; seq++) {
            if (seq != 70) {
                seen.add(seq);
            }
        }

        assertThat(seen.wordsHeld()).isEqualTo(9); // words 1..9; word 0 is full and dropped
        assertThat(seen.add(70)).isTrue();
        assertThat(seen.wordsHeld()).isZero();
    }

    @Test
    void agreesWithAHashSetOnNumbersThatArriveAlmostInOrderWithRepeats() {
        SplittableRandom random = new SplittableRandom(11);
        Set<Long> reference = new HashSet<>();
        for (long base = 0; base < 64 * 400; base += 50) {
            for (int i = 0; i < 60; i++) {
                long seq = base + random.nextLong(200);
                assertThat(seen.add(seq)).as("add(%d)", seq).isEqualTo(reference.add(seq));
            }
        }
        for (long seq = 0; seq < 64 * 400 + 200; seq++) {
            assertThat(seen.contains(seq)).as("contains(%d)", seq).isEqualTo(reference.contains(seq));
        }
    }

    @Test
    void agreesWithAHashSetOnScatteredNumbers() {
        SplittableRandom random = new SplittableRandom(42);
        Set<Long> reference = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long seq = random.nextLong(50_000);
            assertThat(seen.add(seq)).as("add(%d)", seq).isEqualTo(reference.add(seq));
        }
        for (long seq = 0; seq < 50_000; seq++) {
            assertThat(seen.contains(seq)).as("contains(%d)", seq).isEqualTo(reference.contains(seq));
        }
    }
}
