package io.herald.bench.jmh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each benchmark once, without JMH, so that the build proves they still work. */
class ReplyEncodeBenchmarkTest {

    private final ReplyEncodeBenchmark benchmark = new ReplyEncodeBenchmark();

    @Test
    void encodesEachReply() {
        assertThat(benchmark.ok()).isEqualTo("{\"id\":\"17\",\"cmd\":\"heartbeat\",\"code\":200,\"msg\":\"ok\"}".length());
        assertThat(benchmark.loginOk()).isEqualTo(("{\"id\":\"1\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\","
                + "\"data\":{\"conn\":\"n1:4fzq:a3k\",\"node\":\"n1\",\"heartbeat\":25,\"recovered\":true}}").length());
        assertThat(benchmark.error()).isEqualTo(
                "{\"id\":\"3\",\"cmd\":\"join\",\"code\":400,\"msg\":\"missing field 'group'\"}".length());
    }
}
