package io.herald.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransportTest {

    @Test
    void aClientTakesHalfTheCoresForItsLoopsAndAtLeastOne() {
        assertThat(Transport.loopsFor(1)).isEqualTo(1);
        assertThat(Transport.loopsFor(2)).isEqualTo(1);
        assertThat(Transport.loopsFor(3)).isEqualTo(1);
        assertThat(Transport.loopsFor(16)).isEqualTo(8);
    }
}
