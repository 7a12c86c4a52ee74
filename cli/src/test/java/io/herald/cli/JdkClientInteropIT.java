package io.herald.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/** The JDK's own {@link java.net.http.WebSocket} as a client of a node: {@link InteropScenario}. */
class JdkClientInteropIT {

    private static InteropScenario scenario;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.printf("----- output of the node -----%n%s%n", scenario.output());
        }
    };

    @BeforeAll
    static void start() {
        scenario = InteropScenario.start("jdk-interop");
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void logsInWithTheCommandJoinsGetsPushesAcksHeartbeatsAndClosesNormally() {
        scenario.loginCommandJoinPushAckHeartbeatClose(WsClient::connect);
    }

    @Test
    void logsInOnTheUpgradeGetsAPushAndClosesNormally() {
        scenario.loginOnUpgradePushClose(WsClient::connect);
    }
}
