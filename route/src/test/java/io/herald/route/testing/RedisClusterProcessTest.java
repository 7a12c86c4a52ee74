package io.herald.route.testing;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClusterProcessTest {

    /** Hash tags whose slots (749, 8955, 12069) fall in the first, second and third master's range. */
    private static final List<String> KEYS = List.of("{alice}:route", "{bob}:route", "{erin}:route");

    @Test
    void keysWithDifferentHashTagsLandOnDifferentMastersAndAreAllReadable() {
        try (RedisClusterProcess cluster = RedisClusterProcess.launch();
             RedisClusterClient client = RedisClusterClient.create(seeds(cluster.seeds()))) {
            assertThat(cluster.seeds()).matches("redis://127\\.0\\.0\\.1:\\d+(,redis://127\\.0\\.0\\.1:\\d+){2}");

            KEYS.forEach(key -> client.set(key, "value of " + key));

            for (String key : KEYS) {
                assertThat(client.get(key)).isEqualTo("value of " + key);
            }
            for (int i = 0; i < KEYS.size(); i++) {
                try (RedisClient node = RedisClient.create(URI.create(cluster.nodes().get(i).uri()))) {
                    assertThat(node.keys("*")).as("keys held by %s", cluster.nodes().get(i))
                            .containsExactly(KEYS.get(i));
                }
            }
        }
    }

    private static Set<HostAndPort> seeds(String seeds) {
        return Arrays.stream(seeds.split(","))
                .map(URI::create)
                .map(uri -> new HostAndPort(uri.getHost(), uri.getPort()))
                .collect(Collectors.toSet());
    }
}
