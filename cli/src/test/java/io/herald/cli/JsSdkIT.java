package io.herald.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JavaScript client SDK ({@code sdk/js}) against a real node: {@code node --test sdk/js/test/} with the node's
 * addresses and secret in {@code HERALD_TEST_WS}, {@code HERALD_TEST_API} and {@code HERALD_TEST_SECRET} (and the
 * SDK's tests against a scripted node, which need none). Node 20 has no global WebSocket: the tests give the SDK npm's
 * {@code ws} from {@code cli/src/test/node} (pinned there, and installed as {@link NodeWsInteropIT#requireNodeModule}
 * says, required under {@code HERALD_TEST_INTEROP=required}).
 */
class JsSdkIT {

    private static NodeProcess node;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        NodeWsInteropIT.requireNodeModule("ws");
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
}
