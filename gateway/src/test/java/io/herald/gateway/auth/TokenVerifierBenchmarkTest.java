package io.herald.gateway.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the benchmark once per algorithm, without JMH, so that the build proves it measures an accepted token. */
class TokenVerifierBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256", "PS256", "ES256"})
    void eachAlgorithmVerifiesItsToken(String alg) throws Exception {
        TokenVerifierBenchmark benchmark = new TokenVerifierBenchmark();
        benchmark.alg = alg;
        benchmark.setUp();
        try {
            assertThat(benchmark.verify().groups()).containsExactlyInAnyOrder("room-1", "room-2");
        } finally {
            benchmark.tearDown();
        }
    }
}
