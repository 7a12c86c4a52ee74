package io.herald.cli;

import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page ({@code GET /admin}) in a real headless Chromium, driven by {@code node admin.js} (playwright-core,
 * Debian's {@code chromium}) against a real node: the script types the API key, the page shows the node's id and its
 * connections, three clients log in and the page's count becomes 3, a broadcast reaches them and the page shows its
 * pushes and deliveries; a screenshot is kept at {@value #SCREENSHOT}. With two nodes on a real Redis, the page served
 * by one shows the other's connections and status from that node's own figures, and the other killed as not answering
 * (screenshot {@value #CLUSTER_SCREENSHOT}).
 * Skipped or failing where Chromium or playwright-core is missing as {@link ChromiumInteropIT} is.
 */
class AdminPageIT {

    /** Kept as a CI artifact. */
    static final String SCREENSHOT = "target/admin-page.png";
    /** The page of a two-node cluster, kept as a CI artifact too. */
    static final String CLUSTER_SCREENSHOT = "target/admin-page-cluster.png";
    private static final String CLUSTER_SECRET = "admin-page-it-cluster-secret";

    private static final String KEY = "admin-page-it-key-5e0b";
    private static final String END = "\u0000end";
    /** Launching the browser and its first reading; then each step is awaited by the script within its own bound. */
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WsClient.WAIT).build();

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private RedisProcess redis;
    private NodeProcess node;
    private Process script;
    private Writer stdin;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.printf("----- output of admin.js -----%n%s%n", printed());
        }
    };

    @BeforeAll
    static void requireChromium() throws IOException, InterruptedException {
        ChromiumInteropIT.requireChromium();
        NodeWsInteropIT.requireNodeModule("playwright-core");
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (script != null) {
            script.destroyForcibly();
        }
        nodes.forEach(NodeProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void showsTheNodeAndItsConnectionsAsClientsLogIn() throws IOException, InterruptedException {
        node = NodeProcess.start("admin-page", List.of("--api-key", KEY, "--node-id", "admin-node"), Map.of());
        nodes.add(node);
        Path screenshot = open(node, SCREENSHOT);

        assertThat(line()).as("the page shows the node and its connections").isEqualTo("SHOWN admin-node 0");

        for (String uid : List.of("ann", "ben", "cy")) {
            clients.add(WsClient.login(node.webSocket(), uid));
        }
        stdin.write("expect connections 3\n");
        stdin.flush();
        assertThat(line()).as("the page's count after three logins").isEqualTo("SEEN connections 3");

        broadcast();
        stdin.write("expect deliveries-total 3\n");
        stdin.write("expect push-kinds 0 / 0 / 0 / 1\n");
        stdin.flush();
        assertThat(line()).as("the page's deliveries after a broadcast").isEqualTo("SEEN deliveries-total 3");
        assertThat(line()).as("the page's pushes by kind").isEqualTo("SEEN push-kinds 0 / 0 / 0 / 1");

        stdin.write("screenshot\n");
        stdin.close();
        assertThat(line()).isEqualTo("SAVED");
        assertThat(script.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("admin.js exited").isTrue();
        assertThat(script.exitValue()).isZero();
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void showsEveryNodeOfTheClusterWithItsOwnFigures() throws IOException, InterruptedException {
        redis = RedisProcess.launch();
        NodeProcess n1 = NodeProcess.startClusterNode("admin-n1", redis.uri(), CLUSTER_SECRET, "--api-key", KEY,
                "--node-ttl", "3s");
        nodes.add(n1);
        NodeProcess n2 = NodeProcess.startClusterNode("admin-n2", redis.uri(), CLUSTER_SECRET, "--api-key", KEY,
                "--node-ttl", "3s");
        nodes.add(n2);
        for (String uid : List.of("ann", "ben")) {
            clients.add(WsClient.login(n2.webSocket(), uid));
        }
        Path screenshot = open(n1, CLUSTER_SCREENSHOT);

        assertThat(line()).as("the page served by n1 counts the clients of n2").isEqualTo("SHOWN admin-n1 2");
        stdin.write("expect node-admin-n2-connections 2\n");
        stdin.write("expect node-admin-n1-connections 0\n");
        stdin.write("expect node-admin-n2-status ok\n");
        stdin.write("screenshot\n");
        stdin.flush();
        assertThat(line()).isEqualTo("SEEN node-admin-n2-connections 2");
        assertThat(line()).isEqualTo("SEEN node-admin-n1-connections 0");
        assertThat(line()).isEqualTo("SEEN node-admin-n2-status ok");
        assertThat(line()).isEqualTo("SAVED");

        // Killed, n2 stays listed in Redis until its TTL runs out: meanwhile it shows as not answering.
        n2.kill();
        stdin.write("expect node-admin-n2-status not answering\n");
        stdin.close();
        assertThat(line()).isEqualTo("SEEN node-admin-n2-status not answering");
        assertThat(script.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("admin.js exited").isTrue();
        assertThat(script.exitValue()).isZero();
        assertThat(Files.size(screenshot)).isPositive();
    }

    /** Starts admin.js on {@code node}'s page, its screenshot going to {@code file}. */
    private Path open(NodeProcess node, String file) throws IOException {
        Path screenshot = Path.of(file).toAbsolutePath();
        Files.deleteIfExists(screenshot);
        script = new ProcessBuilder("node", "admin.js", "http://" + node.apiAddress() + "/admin", KEY,
                screenshot.toString()).directory(NodeWsInteropIT.DIRECTORY.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, "admin-js-output");
        reader.setDaemon(true);
        reader.start();
        stdin = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8);
        return screenshot;
    }

    /** A push to everyone, answered once its frames are written to the three clients. */
    private void broadcast() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.apiAddress() + "/api/broadcast"))
                .timeout(WsClient.WAIT).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true,\"id\":\"b-1\",\"data\":1}")).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("the broadcast: %s", response.body()).isEqualTo(200);
        for (WsClient client : clients) {
            assertThat(client.nextPush()).containsEntry("id", "b-1");
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(script.getInputStream(),
                StandardCharsets.UTF_8))) {
            reader.lines().forEach(line -> {
                synchronized (output) {
                    output.add(line);
                }
                // The page's own errors are printed for the record, not as steps.
                if (!line.startsWith("PAGEERROR") && !line.startsWith("CONSOLE")) {
                    lines.add(line);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            lines.add("read error: " + e);
        } finally {
            lines.add(END);
        }
    }

    private String line() throws InterruptedException {
        String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("a line from admin.js within %s; it printed: %s", WAIT, printed())
                .isNotNull().isNotEqualTo(END);
        return line;
    }

    private String printed() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }
}
