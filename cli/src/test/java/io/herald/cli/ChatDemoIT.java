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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser chat demo ({@code examples/chat}) as two users see it, with every part real: nodes started from the fat
 * jar with the demo's flags, the demo's backend ({@code python3 examples/chat/chat.py}, which also serves the page and
 * the JS SDK), and two pages in a headless Chromium driven by {@code node chat-demo.js}.
 *
 * <p>On a cluster (a Redis and two nodes) alice's page is on node 1, bob's on node 2. Both see each other online and
 * bob's message reaches alice; a message with a banned word is shown refused. Then node 1 is killed (SIGKILL), bob
 * sends three messages and sees alice leave his list of who is online, node 1 starts again on its ports, and alice's
 * page reconnects by itself, shows the three messages in order, each once, and says nothing was lost; both are online
 * again. Screenshots of both pages are kept at {@value #ALICE_SCREENSHOT} and {@value #BOB_SCREENSHOT}. Where node 1
 * stays dead, alice's page, which knows both nodes, moves to node 2 and loses nothing either. On a node alone, which
 * keeps its history in memory, a restart loses it: the pages say so, and join their room again.
 *
 * <p>Skipped or failing where Chromium or playwright-core is missing as {@link ChromiumInteropIT} is.
 */
class ChatDemoIT {

    /** Kept as CI artifacts. */
    static final String ALICE_SCREENSHOT = "target/chat-demo-alice.png";
    static final String BOB_SCREENSHOT = "target/chat-demo-bob.png";

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String API_KEY = "chat-demo-it-key-81c2";
    private static final String CLUSTER_SECRET = "chat-demo-it-cluster-secret";
    private static final String END = "\u0000end";
    /** The script's own steps wait up to 30 s each; this is for the browser's launch on top. */
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final StringBuilder backendOutput = new StringBuilder();
    private RedisProcess redis;
    private Process backend;
    private Process script;
    private Writer steps;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            nodes.forEach(node -> System.err.printf("----- output of %s -----%n%s%n", node, node.output()));
            System.err.printf("----- output of chat.py -----%n%s%n----- output of chat-demo.js -----%n%s%n",
                    printed(backendOutput), printed());
        }
    };

    @BeforeAll
    static void requireChromium() throws IOException, InterruptedException {
        ChromiumInteropIT.requireChromium();
        NodeWsInteropIT.requireNodeModule("playwright-core");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (script != null) {
            script.destroyForcibly();
        }
        nodes.forEach(NodeProcess::stopAsync);
        nodes.forEach(NodeProcess::close);
        if (backend != null) {
            backend.destroy();
            backend.waitFor(5, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aUserWhoseNodeDiedGetsEveryMessageSentMeanwhileOnceInOrderAndIsToldNothingWasLost() throws Exception {
        redis = RedisProcess.launch();
        int chatPort = freePort();
        String backendUrl = "http://127.0.0.1:" + chatPort;
        List<String> args = new ArrayList<>(List.of("--redis", redis.uri(), "--cluster-secret", CLUSTER_SECRET));
        args.addAll(chatFlags(backendUrl));
        CompletableFuture<NodeProcess> one = CompletableFuture.supplyAsync(() -> startNode("n1", args));
        NodeProcess n2 = startNode("n2", args);
        NodeProcess n1 = one.join();
        startBackend(chatPort, List.of("--api", "http://" + n1.apiAddress(), "--api", "http://" + n2.apiAddress()));
        startScript();

        assertThat(step("open alice " + backendUrl + "/?ws=" + n1.webSocket()))
                .isEqualTo("OPENED alice connected to node n1");
        assertThat(step("open bob " + backendUrl + "/?ws=" + n2.webSocket()))
                .isEqualTo("OPENED bob connected to node n2");
        assertThat(step("online alice alice,bob")).as("alice's page shows both online").isNotNull();
        assertThat(step("online bob alice,bob")).as("bob's page shows both online").isNotNull();
        step("send bob hello alice");
        assertThat(step("expect alice hello alice")).isEqualTo("SEEN alice hello alice");
        step("send bob oh heck");
        assertThat(step("refused bob oh heck")).as("the filter's refusal, on bob's page")
                .isEqualTo("REFUSED bob oh heck (refused: message refused: mind your language)");

        n1.kill();
        assertThat(step("status alice reconnecting")).startsWith("STATUS alice disconnected (1006");
        for (String text : List.of("one", "two", "three")) {
            assertThat(step("send bob " + text)).isEqualTo("SENT bob " + text);
        }
        assertThat(step("online bob bob")).as("alice gone from bob's list once her node dropped out of the cluster")
                .isNotNull();
        nodes.remove(n1);
        nodes.add(NodeProcess.restartOnSamePorts(n1, nodeArgs("n1", args), Map.of()));

        assertThat(step("status alice nothing lost")).as("alice's page once it reconnected by itself")
                .isEqualTo("STATUS alice reconnected to node n1: 3 missed messages recovered, nothing lost");
        assertThat(step("messages alice")).as("every message, in order, each once").isEqualTo("MESSAGES alice "
                + "[[\"bob\",\"hello alice\"],[\"bob\",\"one\"],[\"bob\",\"two\"],[\"bob\",\"three\"]]");
        step("send alice back again");
        assertThat(step("expect bob back again")).isEqualTo("SEEN bob back again");
        assertThat(step("online bob alice,bob")).isNotNull();

        Path alice = screenshot("alice", ALICE_SCREENSHOT);
        Path bob = screenshot("bob", BOB_SCREENSHOT);
        steps.close();
        assertThat(script.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("chat-demo.js exited").isTrue();
        assertThat(script.exitValue()).isZero();
        assertThat(alice).isNotEmptyFile();
        assertThat(bob).isNotEmptyFile();
        assertThat(printed()).as("errors of the pages' own").doesNotContain("PAGEERROR");
    }

    @Test
    void aPageWhoseNodeDiedMovesToTheOtherNodeAndGetsEveryMessageSentMeanwhile() throws Exception {
        redis = RedisProcess.launch();
        int chatPort = freePort();
        String backendUrl = "http://127.0.0.1:" + chatPort;
        List<String> args = new ArrayList<>(List.of("--redis", redis.uri(), "--cluster-secret", CLUSTER_SECRET));
        args.addAll(chatFlags(backendUrl));
        CompletableFuture<NodeProcess> one = CompletableFuture.supplyAsync(() -> startNode("n1", args));
        NodeProcess n2 = startNode("n2", args);
        NodeProcess n1 = one.join();
        // The page's nodes come from chat.py this time: ?node=N picks the one it starts with.
        startBackend(chatPort, List.of("--api", "http://" + n1.apiAddress(), "--api", "http://" + n2.apiAddress(),
                "--ws", n1.webSocket().toString(), "--ws", n2.webSocket().toString()));
        startScript();
        assertThat(step("open alice " + backendUrl + "/?node=1")).isEqualTo("OPENED alice connected to node n1");
        assertThat(step("open bob " + backendUrl + "/?node=2")).isEqualTo("OPENED bob connected to node n2");
        step("online alice alice,bob");
        step("online bob alice,bob");

        n1.kill();
        for (String text : List.of("one", "two", "three")) {
            step("send bob " + text);
        }

        // The page moves after two failed connections, within a second: before bob's messages, or after some.
        assertThat(step("status alice nothing lost")).as("alice's page, moved to the node still up").matches(
                "STATUS alice reconnected to node n2: (nothing missed|[1-3] missed messages? recovered), nothing lost");
        assertThat(step("messages alice")).isEqualTo(
                "MESSAGES alice [[\"bob\",\"one\"],[\"bob\",\"two\"],[\"bob\",\"three\"]]");
        step("send alice moved");
        assertThat(step("expect bob moved")).isEqualTo("SEEN bob moved");
        steps.close();
        assertThat(script.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("chat-demo.js exited").isTrue();
        assertThat(printed()).as("errors of the pages' own").doesNotContain("PAGEERROR");
    }

    @Test
    void pagesOnANodeAloneThatRestartedSayTheHistoryWasLostAndJoinTheirRoomAgain() throws Exception {
        int chatPort = freePort();
        String backendUrl = "http://127.0.0.1:" + chatPort;
        List<String> args = chatFlags(backendUrl);
        NodeProcess node = startNode("solo", args);
        startBackend(chatPort, List.of("--api", "http://" + node.apiAddress()));
        startScript();
        step("open alice " + backendUrl + "/?ws=" + node.webSocket());
        step("open bob " + backendUrl + "/?ws=" + node.webSocket());
        step("send bob before");
        assertThat(step("expect alice before")).isEqualTo("SEEN alice before");

        node.kill();
        step("status alice reconnecting");
        nodes.remove(node);
        nodes.add(NodeProcess.restartOnSamePorts(node, nodeArgs("solo", args), Map.of()));

        // The node kept its history, and its users' groups, in memory: both are gone.
        assertThat(step("status alice lost")).isEqualTo("STATUS alice reconnected to node solo, but lost: the history "
                + "of #lobby, user:alice, all did not reach back, so messages sent meanwhile may be missing");
        assertThat(step("status bob lost")).startsWith("STATUS bob reconnected to node solo, but lost");
        assertThat(step("online alice alice,bob")).as("both joined the lobby again").isNotNull();
        assertThat(step("online bob alice,bob")).as("both joined the lobby again").isNotNull();
        step("send bob after");
        assertThat(step("expect alice after")).isEqualTo("SEEN alice after");
        assertThat(step("messages alice")).isEqualTo("MESSAGES alice [[\"bob\",\"before\"],[\"bob\",\"after\"]]");
        steps.close();
        assertThat(script.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("chat-demo.js exited").isTrue();
        assertThat(printed()).as("errors of the pages' own").doesNotContain("PAGEERROR");
    }

    /** What the demo's node needs: the API key chat.py calls it with, and chat.py as its upstream, auth and events. */
    private static List<String> chatFlags(String backendUrl) {
        return List.of("--api-key", API_KEY, "--upstream-route", "chat.*=" + backendUrl + "/chat",
                "--auth-upstream", backendUrl + "/auth", "--events", backendUrl + "/events");
    }

    private NodeProcess startNode(String id, List<String> args) {
        NodeProcess node = NodeProcess.start(id, nodeArgs(id, args), Map.of());
        nodes.add(node);
        return node;
    }

    private static List<String> nodeArgs(String id, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--node-id", id, "--node-ttl", "2s"));
        all.addAll(args);
        return all;
    }

    /** {@code python3 examples/chat/chat.py PORT ARGS}, with the API key; returns once it says where it listens. */
    private void startBackend(int port, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "examples/chat/chat.py", Integer.toString(port)));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("HERALD_API_KEY", API_KEY);
        backend = builder.start();
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        follow(backend, "chat-py-output", line -> {
            synchronized (backendOutput) {
                backendOutput.append(line).append('\n');
            }
            first.offer(line);
        }, () -> first.offer(END));
        String line = poll(first, "chat.py's first line");
        assertThat(line).as("chat.py says where it listens").contains("http://127.0.0.1:" + port);
    }

    private void startScript() throws IOException {
        script = new ProcessBuilder("node", "chat-demo.js").directory(NodeWsInteropIT.DIRECTORY.toFile())
                .redirectErrorStream(true).start();
        steps = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8);
        follow(script, "chat-demo-js-output", line -> {
            synchronized (output) {
                output.add(line);
            }
            // The pages' own errors and warnings are printed for the record, not as steps.
            if (!line.startsWith("PAGEERROR") && !line.startsWith("CONSOLE")) {
                lines.add(line);
            }
        }, () -> lines.add(END));
    }

    /** Sends one step to chat-demo.js and returns the line it prints once the step is done. */
    private String step(String step) throws IOException, InterruptedException {
        steps.write(step + "\n");
        steps.flush();
        String line = poll(lines, "the outcome of '" + step + "'");
        assertThat(line).as("the outcome of '%s'", step).doesNotStartWith("ERROR");
        return line;
    }

    private Path screenshot(String name, String file) throws IOException, InterruptedException {
        Path path = Path.of(file).toAbsolutePath();
        Files.deleteIfExists(path);
        assertThat(step("screenshot " + name + " " + path)).isEqualTo("SAVED " + name);
        return path;
    }

    private String poll(BlockingQueue<String> queue, String what) throws InterruptedException {
        String line = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("%s within %s; chat-demo.js printed:%n%s", what, WAIT, printed())
                .isNotNull().isNotEqualTo(END);
        return line;
    }

    private static void follow(Process process, String name, Consumer<String> each,
                               Runnable atEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                reader.lines().forEach(each);
            } catch (IOException | UncheckedIOException e) {
                each.accept("read error: " + e);
            } finally {
                atEnd.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private String printed() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private static String printed(StringBuilder text) {
        synchronized (text) {
            return text.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
