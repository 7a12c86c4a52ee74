package io.herald.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchConfigTest {

    @Test
    void defaultsAreValid() {
        BenchConfig config = BenchConfig.builder().build();

        assertThat(config.scenario()).isEqualTo(Scenario.CONNECT);
        assertThat(config.ws()).isEqualTo(URI.create("ws://127.0.0.1:8080/ws"));
        assertThat(config.api()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(config.counted()).isFalse();
    }

    @Test
    void refusesOutOfRangeValuesNamingTheSetting() {
        refuses(b -> b.connections(0), "connections: 0 (expected: > 0)");
        refuses(b -> b.rate(-1), "rate: -1 (expected: >= 0)");
        refuses(b -> b.duration(Duration.ZERO), "duration: PT0S (expected: > 0)");
        refuses(b -> b.httpConcurrency(0), "httpConcurrency: 0 (expected: > 0)");
        refuses(b -> b.batch(0), "batch: 0 (expected: 1 to 10000)");
        refuses(b -> b.connections(10).batch(11), "batch: 11 (expected: at most --connections (10))");
        refuses(b -> b.ws(URI.create("http://127.0.0.1:8080/ws")), "ws: http://127.0.0.1:8080/ws (expected:");
        refuses(b -> b.api(URI.create("ws://127.0.0.1:8081")), "api: ws://127.0.0.1:8081 (expected:");
        refuses(b -> b.secret("short"), "secret: (hidden) (expected: at least 32 bytes)");
        refuses(b -> b.group(""), "group: '' (expected: a group name)");
    }

    @Test
    void describesItselfWithoutSecrets() {
        BenchConfig config = BenchConfig.builder().secret("0123456789abcdef0123456789abcdef").apiKey("key").build();

        assertThat(config.describe()).containsEntry("secret", true).containsEntry("apiKey", true)
                .doesNotContainValue("key");
    }

    @Test
    void readsScenariosByTheirLabel() {
        assertThat(Scenario.parse("Broadcast")).isEqualTo(Scenario.BROADCAST);
        assertThatThrownBy(() -> Scenario.parse("cluster")).isInstanceOf(BenchConfigException.class)
                .hasMessage("scenario: cluster (expected: connect, broadcast or unicast)");
    }

    private static void refuses(UnaryOperator<BenchConfig.Builder> settings, String message) {
        assertThatThrownBy(() -> settings.apply(BenchConfig.builder()).build())
                .isInstanceOf(BenchConfigException.class).hasMessageStartingWith(message);
    }
}
