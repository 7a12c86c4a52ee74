package io.herald.bench;

import io.herald.bench.measure.SecondSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void theLiveLineShowsThePointAndItsRates() {
        SecondSample s = new SecondSample(12.7, "broadcast", 90, 1, 2, 0, null, 40, 3.4, 900, 360, 5, 0, 400L,
                1500L, null, null, null, null);

        assertThat(Progress.line(s, 100, true)).isEqualTo("[  12s broadcast] ready 90/100 (+0/s) failed 1 closed 2"
                + " | sent 40 (+3/s) received 900 (+360/s) in flight 5 dup 0 | p99 1.50 ms");
        assertThat(Progress.line(s, 100, false)).isEqualTo("[  12s broadcast] ready 90/100 (+0/s) failed 1 closed 2");
    }
}
