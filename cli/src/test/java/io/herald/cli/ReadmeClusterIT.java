package io.herald.cli;

import io.herald.gateway.JsonTree;

import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Run a cluster" walk-through, run as written: its {@code export} line, its three
 * {@code ./herald serve} lines and its {@code curl} calls, read from README.md itself, so that the test follows
 * the text and fails where the text stops working. Two things are swapped, because a test cannot own them: the
 * README's fixed ports become free ones (each README port maps to the port its node really got), and its Redis
 * URI (in the environment or in {@code --redis}) becomes the Redis this test starts. The nodes run from the fat
 * jar, which is what {@code ./herald} runs.
 */
class ReadmeClusterIT {

    private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    private static final Pattern SECTION = Pattern.compile("(?ms)^## Run a cluster$(.*?)(?=^## |\\z)");
    private static final Pattern SHELL_BLOCK = Pattern.compile("(?s)```sh\\n(.*?)```");
    private static final Pattern SERVE = Pattern.compile("\\./herald serve (.*?)\\s*&?");
    private static final Pattern CURL_GET = Pattern.compile("curl -s (\\S+)");
    private static final Pattern CLIENT = Pattern.compile("`ws://127\\.0\\.0\\.1:(\\d+)/ws`");
    private static final Pattern CURL_POST = Pattern.compile(
            "`curl -s -X POST http://127\\.0\\.0\\.1:(\\d+)(/api/push) -d '([^']*)'` answers `\"delivered\":(\\d+)`");
    private static final Pattern LOCAL_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/\\S*)");

    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();
    private final RedisProcess redis = RedisProcess.launch();

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            nodes.forEach(node -> System.err.printf("----- output of %s -----%n%s%n", node, node.output()));
        }
    };

    @AfterEach
    void stopEverything() {
        clients.forEach(WsClient::abort);
        try {
            nodes.forEach(NodeProcess::stopAsync);
            nodes.forEach(NodeProcess::close);
        } finally {
            redis.close();
        }
    }

    @Test
    void threeNodesStartedAsTheReadmeSaysRelayAPushAsTheReadmeSays() throws IOException {
        String section = match(SECTION, Files.readString(README), "a '## Run a cluster' section in " + README)
                .group(1);
        String script = match(SHELL_BLOCK, section, "a ```sh block in '## Run a cluster'").group(1);
        Map<String, String> environment = new LinkedHashMap<>();
        List<List<String>> serves = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        for (String line : script.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher serve = SERVE.matcher(line);
            Matcher get = CURL_GET.matcher(line);
            if (line.startsWith("export ")) {
                environment.putAll(exports(line));
            } else if (line.startsWith("until curl -sf http://127.0.0.1:") && line.contains("/healthz")) {
                continue; // waiting for the nodes: startNodes waits for every node's /healthz
            } else if (serve.matches()) {
                serves.add(Arrays.asList(serve.group(1).split("\\s+")));
            } else if (get.matches()) {
                calls.add(get.group(1));
            } else {
                throw new AssertionError("a line of the README's walk-through that this test does not know: " + line);
            }
        }
        assertThat(serves).as("./herald serve lines").hasSize(3);

        Map<Integer, Integer> ports = startNodes(serves, environment);

        List<String> nodeIds = serves.stream().map(args -> value(args, "--node-id")).toList();
        for (String call : calls) {
            Matcher url = match(LOCAL_URL, call, "an http://127.0.0.1:PORT/… URL");
            ApiClient api = new ApiClient("http://127.0.0.1:" + mapped(ports, url.group(1)));
            if ("/api/nodes".equals(url.group(2))) {
                assertThat(api.nodes()).as("GET %s", call).containsOnlyKeys(nodeIds);
            } else {
                api.get(url.group(2));
            }
        }
        pushAsTheReadmeSays(section, ports);
    }

    /** Starts the serve lines side by side; answers each README port with the port its node really has. */
    private Map<Integer, Integer> startNodes(List<List<String>> serves, Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.replaceAll((name, value) -> value.startsWith("redis://") ? redis.uri() : value);
        List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
        for (List<String> args : serves) {
            List<String> rest = new ArrayList<>(args);
            for (String portFlag : List.of("--port", "--api-port")) {
                value(args, portFlag);
                int at = rest.indexOf(portFlag);
                rest.subList(at, at + 2).clear();
            }
            int redisFlag = rest.indexOf("--redis");
            if (redisFlag >= 0) {
                rest.set(redisFlag + 1, redis.uri());
            }
            starting.add(CompletableFuture.supplyAsync(() -> {
                NodeProcess node = NodeProcess.start(value(args, "--node-id"), rest, env);
                nodes.add(node);
                return node;
            }));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < serves.size(); i++) {
            NodeProcess node = starting.get(i).join();
            ports.put(Integer.parseInt(value(serves.get(i), "--port")), node.port());
            ports.put(Integer.parseInt(value(serves.get(i), "--api-port")), node.apiPort());
        }
        return ports;
    }

    /** "Connect a client to any node (say ws://…) and push through another: curl … answers "delivered":1." */
    private void pushAsTheReadmeSays(String section, Map<Integer, Integer> ports) {
        String text = section.replaceAll("\\s*\\n\\s*", " ");
        int clientPort = mapped(ports, match(CLIENT, text, "the client's ws:// address").group(1));
        Matcher push = match(CURL_POST, text, "the push's curl command and its answer");
        Map<String, Object> body = JsonTree.parseObject(push.group(3));
        WsClient client = WsClient.login(NodeProcess.webSocket(clientPort), (String) body.get("uid"));
        clients.add(client);

        ApiClient api = new ApiClient("http://127.0.0.1:" + mapped(ports, push.group(1)));

        assertThat(api.push(push.group(3))).isEqualTo(Integer.parseInt(push.group(4)));
        assertThat(client.nextPushData()).isEqualTo(body.get("data"));
    }

    /** {@code export A=1 B=2}: the variables it sets. */
    private static Map<String, String> exports(String line) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String assignment : line.substring("export ".length()).strip().split("\\s+")) {
            int equals = assignment.indexOf('=');
            assertThat(equals).as("an export NAME=VALUE: %s", assignment).isPositive();
            assertThat(assignment).as("a value this test need not unquote").doesNotContain("\"", "'", "$");
            variables.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        return variables;
    }

    /** The value after {@code flag} in a serve line. */
    private static String value(List<String> args, String flag) {
        int at = args.indexOf(flag);
        assertThat(at).as("%s in ./herald serve %s", flag, args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(at + 1);
    }

    /** The real port of a README port, which must be one of the serve lines' ports. */
    private static int mapped(Map<Integer, Integer> ports, String readmePort) {
        Integer port = ports.get(Integer.parseInt(readmePort));
        assertThat(port).as("README port %s is one of the nodes' ports %s", readmePort, ports.keySet()).isNotNull();
        return port;
    }

    private static Matcher match(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("the README has %s", what).isTrue();
        return matcher;
    }
}
