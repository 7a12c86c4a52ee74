package io.herald.bench.load;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Draws distinct indexes at random. */
final class Sampling {

    private Sampling() {
    }

    /**
     * {@code k} distinct indexes from {@code 0..n-1} (Floyd's algorithm: {@code k} draws, whatever {@code n}),
     * in no particular order.
     */
    static int[] distinct(RandomGenerator random, int n, int k) {
        Set<Integer> chosen = new HashSet<>(k * 2);
        for (int j = n - k; j < n; j++) {
            int t = random.nextInt(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
