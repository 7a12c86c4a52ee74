package io.herald.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code python3-websockets} (its asyncio client) as a client of a node, through
 * {@code /usr/bin/python3 client.py} (not whatever {@code python3} is first on the PATH, which may be another Python
 * without the package): {@link InteropScenario}. Where the package is missing the test is skipped, unless
 * {@value NodeWsInteropIT#REQUIRED} is {@code required} (as {@code .ci/run} sets it, after installing it): then it
 * fails.
 */
class PythonWebsocketsInteropIT {

    private static final Path DIRECTORY = Path.of("src/test/python").toAbsolutePath();
    private static final String PYTHON = "/usr/bin/python3";
    private static final List<String> COMMAND = List.of(PYTHON, "client.py");

    private static InteropScenario scenario;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.printf("----- output of the node -----%n%s%n", scenario.output());
        }
    };

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON, "-c", "import websockets").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            String why = PYTHON + " cannot import websockets: apt-get install python3-websockets";
            if ("required".equals(System.getenv(NodeWsInteropIT.REQUIRED))) {
                throw new IllegalStateException(why + " (" + NodeWsInteropIT.REQUIRED + "=required)");
            }
            Assumptions.abort(why + "; set " + NodeWsInteropIT.REQUIRED + "=required to fail instead");
        }
        scenario = InteropScenario.start("python-websockets-interop");
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void logsInWithTheCommandJoinsGetsPushesAcksHeartbeatsAndClosesNormally() {
        scenario.loginCommandJoinPushAckHeartbeatClose(uri -> ScriptClient.connect(DIRECTORY, COMMAND, uri));
    }

    @Test
    void logsInOnTheUpgradeGetsAPushAndClosesNormally() {
        scenario.loginOnUpgradePushClose(uri -> ScriptClient.connect(DIRECTORY, COMMAND, uri));
    }
}
