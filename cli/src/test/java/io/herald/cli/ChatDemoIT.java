package io.herald.cli;

import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
    private final StringBuilder backendOutput = new StringBuilder();
    private final int chatPort = freePort();
    /** Where chat.py listens: the nodes call it, and the pages are served from it. */
    private final String backendUrl = "http://127.0.0.1:" + chatPort;
    private RedisProcess redis;
    private Process backend;
    private ChatPages pages;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            nodes.forEach(node -> System.err.printf("----- output of %s -----%n%s%n", node, node.output()));
            System.err.printf("----- output of chat.py -----%n%s%n----- output of chat-demo.js -----%n%s%n",
                    printed(backendOutput), pages == null ? "" : pages.output());
        }
    };

    @BeforeAll
    static void requireChromium() throws IOException, InterruptedException {
        ChromiumInteropIT.requireChromium();
        NodeWsInteropIT.requireNodeModule("playwright-core");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (pages != null) {
            pages.close();
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
        List<NodeProcess> cluster = startCluster();
        NodeProcess n1 = cluster.get(0);
        NodeProcess n2 = cluster.get(1);
        startBackend(List.of("--api", "http://" + n1.apiAddress(), "--api", "http://" + n2.apiAddress()));
        pages = ChatPages.start();

        assertThat(pages.step("open alice " + backendUrl + "/?ws=" + n1.webSocket()))
                .isEqualTo("OPENED alice connected to node n1");
        assertThat(pages.step("open bob " + backendUrl + "/?ws=" + n2.webSocket()))
                .isEqualTo("OPENED bob connected to node n2");
        assertThat(pages.step("online alice alice,bob")).as("alice's page shows both online")
                .isEqualTo("ONLINE alice alice,bob");
        assertThat(pages.step("online bob alice,bob")).as("bob's page shows both online")
                .isEqualTo("ONLINE bob alice,bob");
        pages.step("send bob hello alice");
        assertThat(pages.step("expect alice hello alice")).isEqualTo("SEEN alice hello alice");
        pages.step("send bob oh heck");
        assertThat(pages.step("refused bob oh heck")).as("the filter's refusal, on bob's page")
                .isEqualTo("REFUSED bob oh heck (refused: message refused: mind your language)");

        n1.kill();
        assertThat(pages.step("status alice reconnecting")).startsWith("STATUS alice disconnected (1006");
        for (String text : List.of("one", "two", "three")) {
            assertThat(pages.step("send bob " + text)).isEqualTo("SENT bob " + text);
        }
        assertThat(pages.step("online bob bob")).as("alice gone from bob's list once her node left the cluster")
                .isEqualTo("ONLINE bob bob");
        nodes.remove(n1);
        nodes.add(NodeProcess.restartOnSamePorts(n1, nodeArgs("n1", clusterArgs()), Map.of()));

        assertThat(pages.step("status alice nothing lost")).as("alice's page once it reconnected by itself")
                .isEqualTo("STATUS alice reconnected to node n1: 3 missed messages recovered, nothing lost");
        assertThat(pages.step("messages alice")).as("every message, in order, each once").isEqualTo("MESSAGES alice "
                + "[[\"bob\",\"hello alice\"],[\"bob\",\"one\"],[\"bob\",\"two\"],[\"bob\",\"three\"]]");
        pages.step("send alice back again");
        assertThat(pages.step("expect bob back again")).isEqualTo("SEEN bob back again");
        assertThat(pages.step("online bob alice,bob")).isEqualTo("ONLINE bob alice,bob");

        pages.screenshot("alice", ALICE_SCREENSHOT);
        pages.screenshot("bob", BOB_SCREENSHOT);
        pages.finish();
    }

    @Test
    void aPageWhoseNodeDiedMovesToTheOtherNodeAndGetsEveryMessageSentMeanwhile() throws Exception {
        List<NodeProcess> cluster = startCluster();
        NodeProcess n1 = cluster.get(0);
        NodeProcess n2 = cluster.get(1);
        // The page's nodes come from chat.py this time: ?node=N picks the one it starts with.
        startBackend(List.of("--api", "http://" + n1.apiAddress(), "--api", "http://" + n2.apiAddress(),
                "--ws", n1.webSocket().toString(), "--ws", n2.webSocket().toString()));
        pages = ChatPages.start();
        assertThat(pages.step("open alice " + backendUrl + "/?node=1")).isEqualTo("OPENED alice connected to node n1");
        assertThat(pages.step("open bob " + backendUrl + "/?node=2")).isEqualTo("OPENED bob connected to node n2");
        pages.step("online alice alice,bob");
        pages.step("online bob alice,bob");

        n1.kill();
        for (String text : List.of("one", "two", "three")) {
            pages.step("send bob " + text);
        }

        // The SDK tries node 2 at its first reconnect, within a quarter second: before bob's messages, or after some.
        assertThat(pages.step("status alice nothing lost")).as("alice's page, moved to the node still up").matches(
                "STATUS alice reconnected to node n2: (nothing missed|[1-3] missed messages? recovered), nothing lost");
        // What came after the login arrives live, maybe a moment after the status line: bob's last message is awaited
        // (a bounded wait: were it lost, this fails), then the whole list checked, each once and in order.
        assertThat(pages.step("expect alice three")).isEqualTo("SEEN alice three");
        assertThat(pages.step("messages alice")).isEqualTo(
                "MESSAGES alice [[\"bob\",\"one\"],[\"bob\",\"two\"],[\"bob\",\"three\"]]");
        pages.step("send alice moved");
        assertThat(pages.step("expect bob moved")).isEqualTo("SEEN bob moved");
        pages.finish();
    }

    @Test
    void pagesOnANodeAloneThatRestartedSayTheHistoryWasLostAndJoinTheirRoomAgain() throws Exception {
        List<String> args = chatFlags();
        NodeProcess node = startNode("solo", args);
        startBackend(List.of("--api", "http://" + node.apiAddress()));
        pages = ChatPages.start();
        pages.step("open alice " + backendUrl + "/?ws=" + node.webSocket());
        pages.step("open bob " + backendUrl + "/?ws=" + node.webSocket());
        pages.step("send bob before");
        assertThat(pages.step("expect alice before")).isEqualTo("SEEN alice before");

        node.kill();
        pages.step("status alice reconnecting");
        nodes.remove(node);
        nodes.add(NodeProcess.restartOnSamePorts(node, nodeArgs("solo", args), Map.of()));

        // The node kept its history, and its users' groups, in memory: both are gone.
        assertThat(pages.step("status alice lost")).isEqualTo("STATUS alice reconnected to node solo, but lost: the "
                + "history of #lobby, user:alice, all did not reach back, so messages sent meanwhile may be missing");
        assertThat(pages.step("status bob lost")).startsWith("STATUS bob reconnected to node solo, but lost");
        assertThat(pages.step("online alice alice,bob")).as("both joined the lobby again")
                .isEqualTo("ONLINE alice alice,bob");
        assertThat(pages.step("online bob alice,bob")).as("both joined the lobby again")
                .isEqualTo("ONLINE bob alice,bob");
        pages.step("send bob after");
        assertThat(pages.step("expect alice after")).isEqualTo("SEEN alice after");
        assertThat(pages.step("messages alice")).isEqualTo("MESSAGES alice [[\"bob\",\"before\"],[\"bob\",\"after\"]]");
        pages.finish();
    }

    /** Redis, and two nodes on it, n1 and n2, with the demo's flags; started side by side. */
    private List<NodeProcess> startCluster() {
        redis = RedisProcess.launch();
        List<String> args = clusterArgs();
        CompletableFuture<NodeProcess> one = CompletableFuture.supplyAsync(() -> startNode("n1", args));
        NodeProcess n2 = startNode("n2", args);
        return List.of(one.join(), n2);
    }

    private List<String> clusterArgs() {
        List<String> args = new ArrayList<>(List.of("--redis", redis.uri(), "--cluster-secret", CLUSTER_SECRET));
        args.addAll(chatFlags());
        return args;
    }

    /** What the demo's node needs: the API key chat.py calls it with, and chat.py as its upstream, auth and events. */
    private List<String> chatFlags() {
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

    /**
     * {@code python3 examples/chat/chat.py PORT ARGS} on {@link #chatPort}, with the API key; returns once it says
     * where it listens.
     */
    private void startBackend(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "examples/chat/chat.py", Integer.toString(chatPort)));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("HERALD_API_KEY", API_KEY);
        backend = builder.start();
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        ChatPages.follow(backend, "chat-py-output", line -> {
            synchronized (backendOutput) {
                backendOutput.append(line).append('\n');
            }
            first.offer(line);
        }, () -> first.offer(END));
        String line = first.poll(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("chat.py says where it listens, within %s", START_WAIT).isNotNull().isNotEqualTo(END)
                .contains(backendUrl);
    }

    private static String printed(StringBuilder text) {
        synchronized (text) {
            return text.toString();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
