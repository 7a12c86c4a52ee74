package io.herald.bench.jmh;

import io.herald.codec.RawJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each benchmark once, without JMH, so that the build proves they still measure what they claim. */
class PushBodyBenchmarkTest {

    private final PushBodyBenchmark benchmark = new PushBodyBenchmark();

    @BeforeEach
    void setUp() {
        benchmark.setUp();
    }

    @Test
    void eachBodyIsReadWithItsDataAsSent() throws Exception {
        assertThat(benchmark.small()).isEqualTo(RawJson.trusted("{\"text\":\"hi there\"}"));
        assertThat(benchmark.kilobyte().length()).isGreaterThan(1000);
        assertThat(benchmark.hundredUsers()).isEqualTo(RawJson.trusted("{\"text\":\"hi there\"}"));
    }
}
