package io.herald.client;

import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on a real Redis; the client is given both. The node it is on dies without a goodbye (killed: no close
 * frame, and it never leaves the cluster) while pushes go through the other node's API: the client reconnects to the
 * other node and gets every push, in order, once.
 */
class FailoverIT {

    @Test
    void aClientWhoseNodeDiesReconnectsToTheOtherAndRecoversEveryPushInOrderOnce() throws Exception {
        String uid = "failover-" + System.nanoTime();
        String prefix = "sdk" + System.nanoTime() + ":";
        try (RedisProcess redis = RedisProcess.launch();
             NodeProcess doomed = NodeProcess.start("n1", redis.uri(), prefix);
             TestNode survivor = TestNode.start(settings -> settings.nodeId("n2")
                     .cluster(TestNode.cluster(redis.uri(), prefix)))) {
            Events events = new Events();
            HeraldClient client = HeraldClient.newBuilder()
                    .uris(doomed.websocketUri(), survivor.websocketUri())
                    .uid(uid).token(TestNode.token(uid))
                    .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                    .listener(events).build();
            try (client) {
                assertThat(client.connect().get(30, TimeUnit.SECONDS).session().node()).isEqualTo("n1");
                // Through n2's API, relayed to n1 where the client is.
                assertThat(survivor.api().push(uid, uid + ":p-1", 1)).containsEntry("delivered", 1);
                events.awaitPushes(1);

                doomed.kill();
                for (int n = 2; n <= 6; n++) {
                    assertThat(survivor.api().push(uid, uid + ":p-" + n, n)).containsEntry("seq", n);
                }
                assertThat(events.<Events.Close>await("disconnected", 1).code()).isEqualTo(1006);
                assertThat(events.<Session>await("connected", 2).node()).isEqualTo("n2");
                events.await("recovered", 1);
                events.awaitPushes(6);
                survivor.api().push(uid, uid + ":p-7", 7);

                List<Push> pushes = events.awaitPushes(7);
                assertThat(pushes).extracting(Push::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
                assertThat(pushes).extracting(Push::data).containsExactly("1", "2", "3", "4", "5", "6", "7");
                assertThat(events.count("lost")).isZero();
                assertThat(client.positions().get("user:" + uid).seq()).isEqualTo(7);
            }
        }
    }
}
