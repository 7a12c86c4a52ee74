package io.herald.gateway.cluster;

import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ClusterBehaviour} with three in-JVM nodes against one real Redis server, started for this class;
 * each test's nodes have a key prefix of their own.
 */
class ClusterOnRedisIT extends ClusterBehaviour {

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    String redis() {
        return redis.uri();
    }
}
