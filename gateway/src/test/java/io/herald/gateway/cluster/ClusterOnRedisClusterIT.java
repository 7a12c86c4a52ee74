package io.herald.gateway.cluster;

import io.herald.route.testing.RedisClusterProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ClusterBehaviour} with three in-JVM nodes against a real Redis Cluster of three masters, started for
 * this class: the nodes get the three seeds, and every key, script and pipeline has to work across slots.
 */
class ClusterOnRedisClusterIT extends ClusterBehaviour {

    private static RedisClusterProcess redis;

    @BeforeAll
    static void startRedisCluster() {
        redis = RedisClusterProcess.launch();
    }

    @AfterAll
    static void stopRedisCluster() {
        redis.close();
    }

    @Override
    String redis() {
        return redis.seeds();
    }
}
