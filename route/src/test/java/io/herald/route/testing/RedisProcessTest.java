package io.herald.route.testing;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisProcessTest {

    @Test
    void servesCommandsThroughJedisUntilClosed() {
        RedisProcess redis = RedisProcess.launch();
        try (redis; RedisClient client = RedisClient.create(URI.create(redis.uri()))) {
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());

            client.set("greeting", "hello");

            assertThat(client.get("greeting")).isEqualTo("hello");
        }
        assertThat(redis.isRunning()).isFalse();
        assertRefused(redis.port());
    }

    @Test
    void killedServerRefusesItsPortThenStartsAgainEmptyOnTheSamePort() {
        try (RedisProcess redis = RedisProcess.launch()) {
            int port = redis.port();
            try (RedisClient client = RedisClient.create(URI.create(redis.uri()))) {
                client.set("k", "v");
            }

            redis.kill();

            assertThat(redis.isRunning()).isFalse();
            assertRefused(port);

            redis.start();

            assertThat(redis.port()).isEqualTo(port);
            try (RedisClient client = RedisClient.create(URI.create(redis.uri()))) {
                assertThat(client.ping()).isEqualTo("PONG");
                assertThat(client.get("k")).isNull();
            }
        }
    }

    @Test
    void stoppedServerRefusesItsPortThenStartsAgain() {
        try (RedisProcess redis = RedisProcess.launch()) {
            redis.stop();

            assertRefused(redis.port());
            assertThatThrownBy(redis::stop).isInstanceOf(IllegalStateException.class);

            redis.start();

            try (RedisClient client = RedisClient.create(URI.create(redis.uri()))) {
                assertThat(client.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void passwordAndDatabaseTravelInTheUri() {
        try (RedisProcess redis = RedisProcess.launchWithPassword("secret")) {
            assertThat(redis.uri(2)).isEqualTo("redis://:secret@127.0.0.1:" + redis.port() + "/2");

            try (RedisClient db2 = RedisClient.create(URI.create(redis.uri(2)));
                 RedisClient db0 = RedisClient.create(URI.create(redis.uri(0)));
                 RedisClient anonymous = RedisClient.create(URI.create("redis://127.0.0.1:" + redis.port()))) {
                db2.set("k", "in-two");

                assertThat(db2.get("k")).isEqualTo("in-two");
                assertThat(db0.get("k")).isNull();
                assertThatThrownBy(() -> anonymous.get("k")).isInstanceOf(JedisDataException.class);
            }
        }
    }

    @Test
    void passwordMustBeUsableInAUri() {
        assertThatThrownBy(() -> RedisProcess.launchWithPassword("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password: a b (expected:");
    }

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
