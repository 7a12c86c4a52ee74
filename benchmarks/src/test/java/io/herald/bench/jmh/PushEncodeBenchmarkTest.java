package io.herald.bench.jmh;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each benchmark once per data size, without JMH, so that the build proves they still work. */
class PushEncodeBenchmarkTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 100, 1024})
    void encodesTheWholeFrame(int dataBytes) {
        PushEncodeBenchmark benchmark = new PushEncodeBenchmark();
        benchmark.dataBytes = dataBytes;
        benchmark.setUp();

        assertThat(PushEncodeBenchmark.data(dataBytes).length()).isEqualTo(dataBytes);
        assertThat(benchmark.toUsers()).isEqualTo("{\"cmd\":\"push\",\"id\":\"n1:4fzq:2bx9\",\"data\":}".length()
                + dataBytes);
        assertThat(benchmark.toGroup()).isEqualTo(
                "{\"cmd\":\"push\",\"id\":\"n1:4fzq:2bxa\",\"group\":\"room-1042\",\"data\":}".length() + dataBytes);
    }
}
