package io.herald.cli;

import io.herald.route.testing.RedisProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JavaScript SDK's ITs ({@link JsSdkIT}, {@link JsSdkClusterIT}, {@link JsSdkChromiumIT}) share: running
 * {@code node --test} on the SDK's test files with the nodes' addresses in the environment, and a two-node cluster on
 * a real Redis whose first node the tests kill.
 */
final class JsSdkHarness {

    /** The HS256 secret the nodes check tokens with; the tests mint tokens with it ({@code testing/helpers.js}). */
    static final String SECRET = "js-sdk-secret-js-sdk-secret-js-sdk-secret";
    /** The SDK's folder; failsafe runs in the cli module's folder. */
    static final Path SDK = Path.of("../sdk/js").toAbsolutePath().normalize();

    private JsSdkHarness() {
    }

    /**
     * Runs {@code node --test --test-concurrency=1 --test-force-exit FILES} in the SDK's folder with
     * {@code environment} (the secret, npm's {@code ws} and the {@code node_modules} folder of
     * {@code cli/src/test/node} added), its output in {@code log}, and asserts that it finished within
     * {@code minutes} with every test run and passed, none skipped.
     *
     * @param context what to print on failure besides the output: the nodes' logs
     */
    static void runNodeTests(List<String> files, Map<String, String> environment, Path log, int minutes,
                             Supplier<String> context) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-force-exit"));
        command.addAll(files);
        ProcessBuilder builder = new ProcessBuilder(command).directory(SDK.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("HERALD_TEST_SECRET", SECRET);
        builder.environment().put("HERALD_TEST_WS_MODULE",
                NodeWsInteropIT.DIRECTORY.resolve("node_modules/ws").toString());
        builder.environment().put("HERALD_TEST_NODE_MODULES",
                NodeWsInteropIT.DIRECTORY.resolve("node_modules").toString());
        Files.createDirectories(log.getParent());
        builder.redirectOutput(log.toFile());
        Process tests = builder.start();
        boolean finished = tests.waitFor(minutes, TimeUnit.MINUTES);
        if (!finished) {
            tests.descendants().forEach(ProcessHandle::destroyForcibly);
            tests.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("node --test finished: %s%n%s", text, context.get()).isTrue();
        assertThat(tests.exitValue()).as("node --test %s in %s:%n%s%n%s", files, SDK, text, context.get()).isZero();
        assertThat(text).as("every test ran, none skipped: %s", text).contains("# skipped 0").contains("# fail 0")
                .doesNotContain("# pass 0");
    }

    /**
     * Two nodes on one Redis, started side by side with the same {@code --secret} and cluster secret, a short node TTL
     * and relay timeout (a killed node's users are given up on quickly, as in {@link ClusterProcessIT}).
     * {@link #environment()} names them to the node tests: {@code HERALD_TEST_WS} the first (the one the tests kill,
     * its pid in {@code HERALD_TEST_KILL_PID}), {@code HERALD_TEST_WS_2} the second, {@code HERALD_TEST_API} the
     * second's API.
     */
    static final class Cluster implements AutoCloseable {

        final RedisProcess redis;
        final NodeProcess first;
        final NodeProcess second;

        private Cluster(RedisProcess redis, NodeProcess first, NodeProcess second) {
            this.redis = redis;
            this.first = first;
            this.second = second;
        }

        static Cluster start(String name) {
            RedisProcess redis = RedisProcess.launch();
            CompletableFuture<NodeProcess> first = CompletableFuture.supplyAsync(() -> node(name + "-1", redis));
            CompletableFuture<NodeProcess> second = CompletableFuture.supplyAsync(() -> node(name + "-2", redis));
            try {
                return new Cluster(redis, first.join(), second.join());
            } catch (RuntimeException | Error e) {
                first.thenAccept(NodeProcess::close);
                second.thenAccept(NodeProcess::close);
                redis.close();
                throw e;
            }
        }

        private static NodeProcess node(String id, RedisProcess redis) {
            return NodeProcess.startClusterNode(id, redis.uri(), "js-sdk-cluster-secret", "--secret", SECRET,
                    "--node-ttl", "2s", "--relay-timeout", "1s");
        }

        Map<String, String> environment() {
            Map<String, String> environment = new HashMap<>();
            environment.put("HERALD_TEST_WS", first.webSocket().toString());
            environment.put("HERALD_TEST_WS_2", second.webSocket().toString());
            environment.put("HERALD_TEST_API", "http://" + second.apiAddress());
            environment.put("HERALD_TEST_KILL_PID", Long.toString(first.pid()));
            return environment;
        }

        /** Both nodes' output, for a failure's message. */
        String output() {
            return String.format("----- %s -----%n%s%n----- %s -----%n%s", first, first.output(), second,
                    second.output());
        }

        @Override
        public void close() {
            try {
                first.stopAsync();
                second.stopAsync();
                first.close();
                second.close();
            } finally {
                redis.close();
            }
        }
    }
}
