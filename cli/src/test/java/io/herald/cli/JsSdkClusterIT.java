package io.herald.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client SDK ({@code sdk/js}) under Node against two nodes on a real Redis
 * ({@code node --test sdk/js/test-cluster/}): a client given both nodes' addresses is on the first when the test kills
 * it with SIGKILL, while pushes to the user and to a group of theirs go on through the second's API; the client
 * reconnects to the second node, gets every push of both streams once, in seq order, and emits {@code recovered}.
 * The first node is started for this test alone.
 */
class JsSdkClusterIT {

    @Test
    void aClientWhoseNodeIsKilledReconnectsToTheOtherNodeAndRecoversEveryPush() throws IOException,
            InterruptedException {
        NodeWsInteropIT.requireNodeModule("ws");
        try (JsSdkHarness.Cluster cluster = JsSdkHarness.Cluster.start("js-sdk-cluster")) {
            JsSdkHarness.runNodeTests(List.of("test-cluster/"), cluster.environment(),
                    Path.of("target/js-sdk-cluster-tests.log").toAbsolutePath(), 2, cluster::output);
            assertThat(cluster.first.awaitExitCode()).as("the first node was killed (SIGKILL: 128 + 9)")
                    .isEqualTo(137);
        }
    }
}
