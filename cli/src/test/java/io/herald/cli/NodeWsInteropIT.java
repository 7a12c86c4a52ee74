package io.herald.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * npm's {@code ws} (the version {@code cli/src/test/node/package-lock.json} pins) as a client of a node, through
 * {@code node client.js}: {@link InteropScenario}. Where {@code node_modules} is missing, the test runs {@code npm ci}
 * there itself, unless {@value #REQUIRED} is {@code required} (as {@code .ci/run} sets it, after its own
 * {@code npm ci}): then it fails.
 */
class NodeWsInteropIT {

    /** The variable that makes a missing client library a failure rather than something the test installs. */
    static final String REQUIRED = "HERALD_TEST_INTEROP";

    /** The script's folder; failsafe runs in the cli module's folder. */
    static final Path DIRECTORY = Path.of("src/test/node").toAbsolutePath();
    private static final List<String> COMMAND = List.of("node", "client.js");

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
        requireNodeModule("ws");
        scenario = InteropScenario.start("node-ws-interop");
    }

    /**
     * Makes sure {@code cli/src/test/node/node_modules/<module>} is there: runs {@code npm ci} where it is missing,
     * or fails where {@value #REQUIRED} is {@code required}.
     */
    static void requireNodeModule(String module) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules").resolve(module))) {
            String why = DIRECTORY.resolve("node_modules").resolve(module)
                    + " is missing: npm ci --prefix cli/src/test/node";
            if ("required".equals(System.getenv(REQUIRED))) {
                throw new IllegalStateException(why + " (" + REQUIRED + "=required)");
            }
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIRECTORY.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes());
            assertThat(npm.waitFor(2, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
            assertThat(npm.exitValue()).as("npm ci in %s: %s", DIRECTORY, output).isZero();
        }
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
