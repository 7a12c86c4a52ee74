package io.herald.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real headless Chromium (Debian's {@code chromium}, at {@value #CHROMIUM}) as a client of a node: its own
 * {@code WebSocket}, in a page served from {@code 127.0.0.1}, driven by npm's {@code playwright-core} (the version
 * {@code cli/src/test/node/package-lock.json} pins) through {@code node browser.js}: {@link InteropScenario}. Where
 * Chromium is missing the test is skipped, and where {@code playwright-core} is missing it runs {@code npm ci}, unless
 * {@value NodeWsInteropIT#REQUIRED} is {@code required} (as {@code .ci/run} sets it, after installing both): then
 * either fails.
 */
class ChromiumInteropIT {

    static final String CHROMIUM = "/usr/bin/chromium";

    private static final List<String> COMMAND = List.of("node", "browser.js");
    /** How long the script may take to launch the browser, load the page and connect. */
    private static final Duration OPEN_WAIT = Duration.ofSeconds(30);

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
        requireChromium();
        NodeWsInteropIT.requireNodeModule("playwright-core");
        scenario = InteropScenario.start("chromium-interop");
    }

    /** Skips the test where Chromium is missing, or fails it where {@value NodeWsInteropIT#REQUIRED} is required. */
    static void requireChromium() {
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            String why = CHROMIUM + " is missing: apt-get install chromium";
            if ("required".equals(System.getenv(NodeWsInteropIT.REQUIRED))) {
                throw new IllegalStateException(why + " (" + NodeWsInteropIT.REQUIRED + "=required)");
            }
            Assumptions.abort(why + "; set " + NodeWsInteropIT.REQUIRED + "=required to fail instead");
        }
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    private static InteropClient connect(URI uri) {
        return ScriptClient.connect(NodeWsInteropIT.DIRECTORY, COMMAND, uri, OPEN_WAIT);
    }

    @Test
    void logsInWithTheCommandJoinsGetsPushesAcksHeartbeatsAndClosesNormally() {
        scenario.loginCommandJoinPushAckHeartbeatClose(ChromiumInteropIT::connect);
    }

    @Test
    void logsInOnTheUpgradeGetsAPushAndClosesNormally() {
        scenario.loginOnUpgradePushClose(ChromiumInteropIT::connect);
    }
}
