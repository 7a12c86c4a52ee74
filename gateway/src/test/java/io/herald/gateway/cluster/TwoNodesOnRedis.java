package io.herald.gateway.cluster;

import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;

/**
 * What most cluster tests start from: a real Redis for the class, and for each test two nodes, {@link #n1} and
 * {@link #n2}, that know each other, under a key prefix of their own ({@link ClusterNodes}). A test class that needs
 * more adds its own {@code @BeforeEach} (run after this one's) and {@code @AfterEach} (run before this one's). A test
 * that stopped the Redis gets it started again for the next test.
 */
abstract class TwoNodesOnRedis {

    static RedisProcess redis;

    ClusterNodes cluster;
    ClusterNode n1;
    ClusterNode n2;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startTwoNodes() {
        if (!redis.isRunning()) {
            redis.start();
        }
        cluster = new ClusterNodes(redis.uri());
        List<ClusterNode> nodes = cluster.startMeshed("n1", "n2");
        n1 = nodes.get(0);
        n2 = nodes.get(1);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }
}
