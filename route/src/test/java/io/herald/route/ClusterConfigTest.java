package io.herald.route;

import io.herald.codec.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConfigTest {

    private static final String SECRET = "0123456789abcdef";

    @Test
    void aNodeAloneNeedsNothing() {
        ClusterConfig config = ClusterConfig.builder().build();

        assertThat(config.clustered()).isFalse();
        assertThat(config.redisPrefix()).isEqualTo("herald:");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10).dividedBy(3));
    }

    @Test
    void aClusterNeedsASecretOfSixteenCharacters() {
        refuses(ClusterConfig.builder().redis("redis://127.0.0.1:6379"),
                "clusterSecret: (none) (expected: a secret shared by the nodes, with --redis)");
        refuses(ClusterConfig.builder().redis("redis://127.0.0.1:6379").clusterSecret("short"),
                "clusterSecret: (5 characters) (expected: at least 16 characters, the same on every node)");

        ClusterConfig config = ClusterConfig.builder().redis("redis://h1:1,redis://h2:2").clusterSecret(SECRET).build();
        assertThat(config.clustered()).isTrue();
        assertThat(config.redisCluster()).isTrue();
    }

    @Test
    void redisUrisAreCheckedForTheirForm() {
        refuses(ClusterConfig.builder().redis("http://127.0.0.1:6379").clusterSecret(SECRET), "redis: http://");
        refuses(ClusterConfig.builder().redis("redis://h:1,").clusterSecret(SECRET), "redis:  (expected");
    }

    @Test
    void durationsArePositiveAndRoutesOutliveNodes() {
        refuses(ClusterConfig.builder().nodeTtl(Duration.ZERO), "nodeTtl: PT0S (expected: > 0)");
        refuses(ClusterConfig.builder().dedupeWindow(Duration.ofSeconds(-1)), "dedupeWindow: PT-1S (expected: > 0)");
        refuses(ClusterConfig.builder().nodeTtl(Duration.ofMinutes(5)), "routeTtl: PT2M (expected: at least nodeTtl");
        refuses(ClusterConfig.builder().redisThreads(0), "redisThreads: 0 (expected: >= 1)");
        refuses(ClusterConfig.builder().dedupeMaxIds(0), "dedupeMaxIds: 0 (expected: >= 1)");
    }

    @Test
    void noInstanceExistsUnvalidated() {
        assertThatThrownBy(() -> new ClusterConfig(Optional.empty(), "p:", Optional.of("short"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, Duration.ofSeconds(1), 1, 100, Duration.ofMinutes(5), 0))
                .isInstanceOf(InvalidConfigException.class)
                .extracting(e -> ((InvalidConfigException) e).setting()).isEqualTo("clusterSecret");
    }

    private static void refuses(ClusterConfig.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(message);
    }
}
