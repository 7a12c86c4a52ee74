package io.herald.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client SDK ({@code sdk/js}) in a real headless Chromium ({@code node --test sdk/js/test-browser/},
 * which drives Debian's {@code chromium} with npm's {@code playwright-core}): the SDK loaded as an ES module by a page
 * served from 127.0.0.1, on the browser's own WebSocket, against two nodes on a real Redis. A login and an acked push;
 * a token refreshed before its {@code exp} (read in the page), the connection outliving it; a connection cut by a TCP proxy, then every push recovered once, in order; the first node killed with SIGKILL while
 * pushes go on through the second's API, and the client recovering every push on the second node. The page's log and
 * a screenshot are kept at {@value #LOG} and {@value #SCREENSHOT}. Skipped or failing where Chromium or
 * playwright-core is missing as {@link ChromiumInteropIT} is.
 */
class JsSdkChromiumIT {

    /** Kept as CI artifacts. */
    static final String LOG = "target/js-sdk-chromium.log";
    static final String SCREENSHOT = "target/js-sdk-chromium.png";

    @BeforeAll
    static void requireChromium() throws IOException, InterruptedException {
        ChromiumInteropIT.requireChromium();
        NodeWsInteropIT.requireNodeModule("playwright-core");
    }

    @Test
    void theSdkInChromiumLogsInRecoversACutConnectionAndMovesToTheOtherNodeWhenItsNodeIsKilled()
            throws IOException, InterruptedException {
        try (JsSdkHarness.Cluster cluster = JsSdkHarness.Cluster.start("js-sdk-chromium")) {
            Map<String, String> environment = new HashMap<>(cluster.environment());
            environment.put("HERALD_TEST_ARTIFACTS", Path.of(LOG).toAbsolutePath().getParent().toString());
            JsSdkHarness.runNodeTests(List.of("test-browser/"), environment,
                    Path.of("target/js-sdk-chromium-tests.log").toAbsolutePath(), 3, cluster::output);
            assertThat(cluster.first.awaitExitCode()).as("the first node was killed (SIGKILL: 128 + 9)")
                    .isEqualTo(137);
            assertThat(Path.of(SCREENSHOT)).isNotEmptyFile();
            assertThat(Path.of(LOG)).content().contains("recovered");
        }
    }
}
