package io.herald.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client SDK ({@code sdk/js}) against a real node: {@code node --test sdk/js/test/} with the node's
 * addresses and secret in {@code HERALD_TEST_WS}, {@code HERALD_TEST_API} and {@code HERALD_TEST_SECRET}. Node 20 has
 * no global WebSocket: the tests give the SDK npm's {@code ws} from {@code cli/src/test/node} (pinned there, and
 * installed as {@link NodeWsInteropIT#requireNodeModule} says, required under {@code HERALD_TEST_INTEROP=required}).
 */
class JsSdkIT {

    private static final String SECRET = "js-sdk-secret-js-sdk-secret-js-sdk-secret";
    /** The SDK's folder; failsafe runs in the cli module's folder. */
    private static final Path SDK = Path.of("../sdk/js").toAbsolutePath().normalize();

    private static NodeProcess node;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        NodeWsInteropIT.requireNodeModule("ws");
        node = NodeProcess.start("js-sdk", List.of("--secret", SECRET), Map.of());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theSdksNodeTestsPassAgainstARealNode() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-concurrency=1", "--test-force-exit", "test/")
                .directory(SDK.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "HERALD_TEST_WS", node.webSocket().toString(),
                "HERALD_TEST_API", "http://" + node.apiAddress(),
                "HERALD_TEST_SECRET", SECRET,
                "HERALD_TEST_WS_MODULE", NodeWsInteropIT.DIRECTORY.resolve("node_modules/ws").toString()));
        Path log = Path.of("target/js-sdk-tests.log").toAbsolutePath();
        builder.redirectOutput(log.toFile());
        Process tests = builder.start();
        boolean finished = tests.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            tests.descendants().forEach(ProcessHandle::destroyForcibly);
            tests.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("node --test finished: %s", text).isTrue();
        assertThat(tests.exitValue()).as("node --test test/ in %s:%n%s%n----- the node -----%n%s", SDK, text,
                node.output()).isZero();
        assertThat(text).as("every test ran, none skipped: %s", text).contains("# skipped 0").contains("# fail 0")
                .doesNotContain("# pass 0");
    }
}
