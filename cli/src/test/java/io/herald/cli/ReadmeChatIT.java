package io.herald.cli;

import io.herald.gateway.JsonTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Two-way: a chat backend in one file", run as written: its {@code python3 examples/chat/chat.py} line
 * starts the example backend, its {@code ./herald serve} line a node (from the fat jar, which {@code ./herald} runs),
 * its two {@code ws://} addresses connect alice and bob, and its conversation is played line by line: what a client
 * sends ({@code alice> …}) is sent as written, and what it gets ({@code bob< …}) must be the next frame it gets of
 * that kind (a push, or a reply), field for field (inside {@code data} too) but for values written {@code …}. The
 * README's fixed ports become free ones: the backend's in every URL of the serve line, the node's client port in the
 * clients' addresses.
 */
class ReadmeChatIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern SECTION =
            Pattern.compile("(?ms)^## Two-way: a chat backend in one file$(.*?)(?=^## |\\z)");
    private static final Pattern SHELL_BLOCK = Pattern.compile("(?s)```sh\\n(.*?)```");
    private static final Pattern TEXT_BLOCK = Pattern.compile("(?s)```text\\n(.*?)```");
    private static final Pattern BACKEND = Pattern.compile("python3 (examples/chat/chat\\.py) (\\d+) &");
    private static final Pattern SERVE = Pattern.compile("\\./herald serve (.*)");
    private static final Pattern CLIENT = Pattern.compile("`ws://127\\.0\\.0\\.1:(\\d+)(/ws\\?uid=(\\w+)&[^`]*)`");
    private static final Pattern LINE = Pattern.compile("(\\w+)([<>]) (\\{.*})");
    private static final String CHANGES = "…";
    private static final Pattern BARE_CHANGES = Pattern.compile(":…(?=[,}\\]])");

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();
    private Process backend;
    private final StringBuilder backendOutput = new StringBuilder();

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            nodes.forEach(node -> System.err.printf("----- output of %s -----%n%s%n", node, node.output()));
            System.err.printf("----- output of the chat backend -----%n%s%n", backendOutput);
        }
    };

    @AfterEach
    void stopEverything() throws InterruptedException {
        clients.forEach(WsClient::abort);
        nodes.forEach(NodeProcess::close);
        if (backend != null) {
            backend.destroy();
            backend.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoUsersChatThroughTheExampleBackendAndABannedWordIsRefused() throws IOException {
        String section = match(SECTION, Files.readString(ROOT.resolve("README.md")),
                "a '## Two-way: a chat backend in one file' section").group(1);
        List<String> script = match(SHELL_BLOCK, section, "a ```sh block").group(1).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        assertThat(script).as("the backend's line, then the node's").hasSize(2);

        Matcher start = match(BACKEND, script.get(0), "python3 examples/chat/chat.py PORT &");
        int backendPort = freePort();
        startBackend(start.group(1), backendPort);

        Matcher serve = match(SERVE, script.get(1), "./herald serve …");
        List<String> args = new ArrayList<>();
        for (String word : serve.group(1).split("\\s+")) {
            args.add(unquote(word).replace("http://127.0.0.1:" + start.group(2) + "/",
                    "http://127.0.0.1:" + backendPort + "/"));
        }
        NodeProcess node = NodeProcess.start("chat", args, Map.of());
        nodes.add(node);

        Map<String, WsClient> users = new LinkedHashMap<>();
        Matcher client = CLIENT.matcher(section.replaceAll("\\s*\\n\\s*", " "));
        while (client.find()) {
            assertThat(client.group(1)).as("the default client port").isEqualTo("8080");
            WsClient user = WsClient.connect(URI.create("ws://127.0.0.1:" + node.port() + client.group(2)));
            clients.add(user);
            assertThat(user.next()).as("%s's login reply", client.group(3)).containsEntry("cmd", "login")
                    .containsEntry("code", 200);
            users.put(client.group(3), user);
        }
        assertThat(users).containsOnlyKeys("alice", "bob");

        String conversation = match(TEXT_BLOCK, section, "a ```text block with the conversation").group(1);
        int pushes = 0;
        int refusals = 0;
        for (String text : conversation.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            Matcher line = match(LINE, text, "NAME> {…} or NAME< {…}");
            WsClient user = users.get(line.group(1));
            assertThat(user).as("a client of the README: %s", text).isNotNull();
            if (">".equals(line.group(2))) {
                user.send(line.group(3));
                continue;
            }
            // A value written … without quotes (a number that changes) is read as the string "…".
            Map<String, Object> expected =
                    JsonTree.parseObject(BARE_CHANGES.matcher(line.group(3)).replaceAll(":\"…\""));
            Map<String, Object> got = nextOfKind(user, "push".equals(expected.get("cmd")));
            assertFits(got, expected, text);
            pushes += "push".equals(expected.get("cmd")) ? 1 : 0;
            refusals += expected.get("code") instanceof Integer code && code >= 400 ? 1 : 0;
        }
        assertThat(pushes).as("the conversation shows a chat message pushed to the other user").isPositive();
        assertThat(refusals).as("the conversation shows a refused message").isPositive();
    }

    /** Each field of got is expected's, but where expected has {@value #CHANGES}, in any object inside it too. */
    @SuppressWarnings("unchecked")
    private static void assertFits(Map<String, Object> got, Map<String, Object> expected, String what) {
        assertThat(got.keySet()).as(what).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((field, value) -> {
            if (value instanceof Map<?, ?> object && got.get(field) instanceof Map<?, ?> gotObject) {
                assertFits((Map<String, Object>) gotObject, (Map<String, Object>) object, field + " of " + what);
            } else if (!CHANGES.equals(value)) {
                assertThat(got.get(field)).as("%s of %s", field, what).isEqualTo(value);
            }
        });
    }

    /** The client's next push, or its next reply (passing over pushes, such as one's own chat message). */
    private static Map<String, Object> nextOfKind(WsClient user, boolean push) {
        while (true) {
            Map<String, Object> frame = user.next();
            if ("push".equals(frame.get("cmd")) == push) {
                return frame;
            }
        }
    }

    private void startBackend(String script, int port) throws IOException {
        backend = new ProcessBuilder("python3", script, Integer.toString(port)).directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(backend.getInputStream(),
                StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                return null;
            }
        }).orTimeout(10, TimeUnit.SECONDS).join();
        backendOutput.append(first).append('\n');
        assertThat(first).as("the backend says where it listens").contains("http://127.0.0.1:" + port);
        Thread drain = new Thread(() -> output.lines().forEach(l -> {
            synchronized (backendOutput) {
                backendOutput.append(l).append('\n');
            }
        }), "chat-backend-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static String unquote(String word) {
        return word.length() >= 2 && word.startsWith("'") && word.endsWith("'")
                ? word.substring(1, word.length() - 1) : word;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Matcher match(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("the README has %s", what).isTrue();
        return matcher;
    }
}
