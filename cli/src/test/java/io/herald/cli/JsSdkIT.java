package io.herald.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client SDK ({@code sdk/js}) against a real node: {@code node --test sdk/js/test/} with the node's
 * addresses and secret in {@code HERALD_TEST_WS}, {@code HERALD_TEST_API} and {@code HERALD_TEST_SECRET} (and the
 * SDK's tests against a scripted node, which need none). Node 20 has no global WebSocket: the tests give the SDK npm's
 * {@code ws} from {@code cli/src/test/node} (pinned there, and installed as {@link NodeWsInteropIT#requireNodeModule}
 * says, required under {@code HERALD_TEST_INTEROP=required}). The hand-written types ({@code sdk/js/index.d.ts}) are
 * compiled with npm's {@code typescript} (pinned there too) against {@code sdk/js/test-types/usage.ts}, an example of
 * every option and method, and of uses they must refuse.
 */
class JsSdkIT {

    private static NodeProcess node;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        NodeWsInteropIT.requireNodeModule("ws");
        NodeWsInteropIT.requireNodeModule("typescript");
        // A heartbeat a second (the login reply's interval follows the ping interval): the heartbeat test waits for it.
        node = NodeProcess.start("js-sdk", List.of("--secret", JsSdkHarness.SECRET, "--ping-interval", "1s"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theSdksNodeTestsPassAgainstARealNode() throws IOException, InterruptedException {
        JsSdkHarness.runNodeTests(List.of("test/"), Map.of(
                        "HERALD_TEST_WS", node.webSocket().toString(),
                        "HERALD_TEST_API", "http://" + node.apiAddress()),
                Path.of("target/js-sdk-tests.log").toAbsolutePath(), 2,
                () -> "----- the node -----\n" + node.output());
    }

    @Test
    void theTypesCompileWithTheWaysToUseTheClientAndRefuseTheWrongOnes() throws IOException, InterruptedException {
        Path tsc = NodeWsInteropIT.DIRECTORY.resolve("node_modules/typescript/bin/tsc");
        Process compiler = new ProcessBuilder("node", tsc.toString(), "-p", "test-types")
                .directory(JsSdkHarness.SDK.toFile()).redirectErrorStream(true).start();
        String output = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compiler.waitFor(2, TimeUnit.MINUTES)).as("tsc finished").isTrue();
        assertThat(compiler.exitValue()).as("tsc -p test-types in %s:%n%s", JsSdkHarness.SDK, output).isZero();
    }
}
