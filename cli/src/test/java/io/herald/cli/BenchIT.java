package io.herald.cli;

import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.gateway.JsonTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.herald.cli.ResultTree.section;
import static io.herald.cli.ResultTree.list;
import static io.herald.cli.ResultTree.number;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald bench} against a real node in this JVM, with real HS256 tokens: every scenario runs to its end and
 * counts exactly the deliveries the node made, none lost, none twice; and writes its JSON and HTML report.
 */
class BenchIT {

    private static final String SECRET = "herald-bench-integration-tests-secret-0123456789";

    @TempDir
    Path dir;

    private GatewayServer node;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws InterruptedException {
        node = GatewayServer.create(GatewayConfig.builder()
                .host("127.0.0.1").port(0).apiPort(0).secret(SECRET).warmupLogins(0).build()).start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void broadcastToFiftyConnectionsLosesAndDuplicatesNothing() throws IOException {
        Map<String, Object> result = bench("broadcast", "--connections", "50", "--count", "20");

        Map<String, Object> connect = section(result, "connect");
        assertThat(number(connect, "ready")).isEqualTo(50);
        assertThat(number(connect, "failed")).isZero();
        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "sent")).isEqualTo(20);
        assertThat(number(push, "answered")).isEqualTo(20);
        assertThat(number(push, "apiDelivered")).isEqualTo(50 * 20);
        assertThat(number(push, "expected")).isEqualTo(50 * 20);
        assertThat(number(push, "received")).isEqualTo(50 * 20);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(number(push, "unexpected")).isZero();
        assertThat(number(section(push, "latencyMicros"), "count")).isEqualTo(50 * 20);
        assertThat(result.get("clean")).isEqualTo(true);
        assertThat(out.toString()).contains("1000 received of 1000 expected", "clean: no loss");
    }

    @Test
    void aGroupBroadcastAtARateAfterAWarmUp() throws IOException {
        Map<String, Object> result = bench("broadcast", "--connections", "20", "--group", "room", "--rate", "100",
                "--warmup", "200ms", "--duration", "300ms");

        Map<String, Object> push = section(result, "push");
        long sent = number(push, "sent");
        assertThat(sent).isPositive();
        assertThat(number(push, "received")).isEqualTo(20 * sent);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(number(section(push, "latencyMicros"), "count"))
                .as("warm-up pushes are delivered but not timed").isLessThan(20 * sent);
    }

    @Test
    void aReportWithItsChartsAndTheSeriesSecondBySecond() throws Exception {
        Path report = dir.resolve("report.html");
        Map<String, Object> result = bench("broadcast", "--connections", "20", "--rate", "20", "--warmup", "300ms",
                "--duration", "1500ms", "--report", report.toString());

        List<Map<String, Object>> series = list(result, "series");
        assertThat(series).as("a point at the start, one a second, one at the end").hasSizeGreaterThanOrEqualTo(3);
        assertThat(number(series.get(0), "seconds")).isZero();
        Map<String, Object> last = series.get(series.size() - 1);
        assertThat(number(last, "received")).isEqualTo(number(section(result, "push"), "received"));
        assertThat(number(last, "ready")).isEqualTo(20);
        assertThat(series).anySatisfy(s -> assertThat(number(s, "deliveriesPerSecond")).isPositive());
        assertThat(list(section(section(result, "push"), "latencyMicros"), "percentiles")).isNotEmpty();
        assertThat(list(result, "phases")).extracting(p -> p.get("name"))
                .containsExactly("connect", "warm-up", "broadcast", "drain");

        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        NodeList charts = html.getElementsByTagName("svg");
        assertThat(charts.getLength()).isEqualTo(9);
        assertThat(html.getElementsByTagName("polyline").getLength()).as("lines drawn").isPositive();
        assertThat(html.getElementsByTagName("script").getLength()).isZero();
        assertThat(html.getDocumentElement().getTextContent()).contains("herald bench: broadcast", "clean",
                "Delivery latency by percentile", "Deliveries per second", "Node memory per connection",
                "20 ready of 20", "the node's process was not sampled");
    }

    @Test
    void aReportThatCannotBeWrittenFailsTheRunButNotTheJson() {
        Path json = dir.resolve("result.json");
        Path report = dir.resolve("no-such-folder").resolve("report.html");

        int exit = run("broadcast", "--connections", "5", "--count", "1", "--secret", SECRET,
                "--json", json.toString(), "--report", report.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("bench: cannot write " + report);
        assertThat(json).isNotEmptyFile();
        assertThat(report).doesNotExist();
    }

    @Test
    void unicastBatchesReachEveryUserNamed() throws IOException {
        Map<String, Object> result = bench("unicast", "--connections", "50", "--count", "100", "--batch", "5",
                "--http-concurrency", "4");

        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "apiDelivered")).isEqualTo(500);
        assertThat(number(push, "received")).isEqualTo(500);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(number(push, "unexpected")).isZero();
    }

    @Test
    void connectionsThatLogInOnTheUpgradeInWorkerProcessesGetEveryPush() throws IOException {
        Map<String, Object> result = bench("unicast", "--connections", "60", "--count", "120", "--login", "upgrade",
                "--processes", "2");

        assertThat(number(section(result, "connect"), "ready")).isEqualTo(60);
        assertThat(section(result, "settings")).containsEntry("login", "upgrade");
        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "received")).isEqualTo(120);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
    }

    @Test
    void connectionsANodeTurnsAwayWith503ComeBackWhenItSaysAndAllLogIn() throws Exception {
        node.close();
        node = GatewayServer.create(GatewayConfig.builder()
                .host("127.0.0.1").port(0).apiPort(0).secret(SECRET).warmupLogins(0).maxPendingLogins(2).build())
                .start();

        Map<String, Object> result = bench("connect", "--connections", "300", "--duration", "1s");

        Map<String, Object> connect = section(result, "connect");
        assertThat(number(connect, "ready")).isEqualTo(300);
        assertThat(number(connect, "failed")).isZero();
    }

    @Test
    void connectionsHeldByTwoWorkerProcessesCountExactlyAsLocalOnes() throws IOException {
        Map<String, Object> result = bench("broadcast", "--connections", "400", "--group", "room", "--count", "25",
                "--processes", "2", "--rate", "2000");

        Map<String, Object> connect = section(result, "connect");
        assertThat(number(connect, "ready")).isEqualTo(400);
        assertThat(number(section(connect, "latencyMicros"), "count")).isEqualTo(400);
        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "apiDelivered")).isEqualTo(400 * 25);
        assertThat(number(push, "received")).isEqualTo(400 * 25);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(number(push, "unexpected")).isZero();
        assertThat(number(push, "foreign")).isZero();
        assertThat(number(section(push, "latencyMicros"), "count")).isEqualTo(400 * 25);
        assertThat(number(section(push, "latencyMicros"), "max")).as("latency across processes, µs")
                .isPositive().isLessThan(10_000_000);
        assertThat(((Number) push.get("clientCpuMicrosPerDelivery")).doubleValue()).isPositive();
        assertThat(result.get("notes").toString()).contains("held by 2 worker processes");
        assertThat(err.toString()).doesNotContain("worker 1:", "worker 2:");
    }

    @Test
    void theReportsSeriesCountsWhatWorkerProcessesReceive() throws Exception {
        Path report = dir.resolve("workers.html");
        Map<String, Object> result = bench("broadcast", "--connections", "40", "--rate", "20", "--warmup", "300ms",
                "--duration", "1500ms", "--processes", "2", "--report", report.toString());

        assertThat(result.get("notes").toString()).contains("held by 2 worker processes");
        long received = number(section(result, "push"), "received");
        assertThat(received).isPositive();
        List<Map<String, Object>> series = list(result, "series");
        // This process holds no connection: every receipt and connect in the series came from a worker.
        assertThat(series).extracting(s -> number(s, "ready")).contains(40L);
        assertThat(series.stream().mapToLong(s -> number(s, "received")).max().orElseThrow())
                .isPositive().isLessThanOrEqualTo(received);
        assertThat(series).anySatisfy(s -> assertThat(number(s, "deliveriesPerSecond")).isPositive());
        assertThat(series).anySatisfy(s -> assertThat(s.get("latencyP99Micros")).isNotNull());
        assertThat(series).anySatisfy(s -> assertThat((Number) s.get("clientCpuPercent")).isNotNull());
        assertThat(series).allSatisfy(s -> assertThat(s.get("clientRssKiB")).as("this process's and the workers'")
                .isNotNull());

        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        assertThat(html.getElementsByTagName("polyline").getLength()).as("lines drawn").isPositive();
        assertThat(html.getDocumentElement().getTextContent()).contains("Deliveries per second", "40 ready of 40",
                "held by 2 worker processes");
    }

    @Test
    void unicastBatchesReachUsersHeldByWorkerProcesses() throws IOException {
        Map<String, Object> result = bench("unicast", "--connections", "60", "--count", "200", "--batch", "3",
                "--processes", "3");

        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "received")).isEqualTo(600);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(number(push, "unexpected")).isZero();
    }

    @Test
    void aWorkerProcessThatDiesFailsTheRunNamingIt() throws Exception {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> run("connect", "--connections", "20",
                "--processes", "2", "--duration", "60s", "--secret", SECRET));
        Pattern pids = Pattern.compile("worker processes \\(pids \\[(\\d+), (\\d+)\\]");
        Eventually.assertBefore(System.nanoTime() + TimeUnit.SECONDS.toNanos(30), "the workers named",
                () -> assertThat(pids.matcher(err.toString()).find()).isTrue());
        Matcher named = pids.matcher(err.toString());
        assertThat(named.find()).isTrue();
        long victim = Long.parseLong(named.group(2));
        long survivor = Long.parseLong(named.group(1));

        ProcessHandle.of(victim).orElseThrow().destroyForcibly();

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(err.toString()).contains("bench: client worker 2 (pid " + victim + ") exited with code 137");
        assertThat(ProcessHandle.of(survivor).map(ProcessHandle::isAlive).orElse(false))
                .as("the other worker, once the run is over").isFalse();
    }

    @Test
    void connectHoldsTheConnectionsAndTimesThem() throws IOException {
        Map<String, Object> result = bench("connect", "--connections", "30", "--rate", "300", "--duration", "200ms");

        Map<String, Object> connect = section(result, "connect");
        assertThat(number(connect, "ready")).isEqualTo(30);
        assertThat(number(section(connect, "latencyMicros"), "count")).isEqualTo(30);
        assertThat(result.get("push")).isNull();
    }

    @Test
    void loginsRefusedForAWrongSecretAreCountedAndStopThePushes() {
        int exit = run("broadcast", "--connections", "5", "--count", "1",
                "--secret", "not-the-node-secret-but-32-bytes-long");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("bench: no connection is logged in");
    }

    private Map<String, Object> bench(String... args) throws IOException {
        Path json = dir.resolve("result.json");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--secret", SECRET, "--json", json.toString()));
        int exit = run(all.toArray(String[]::new));
        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        return JsonTree.parseObject(Files.readString(json));
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("--ws", "ws://127.0.0.1:" + node.clientAddress().getPort() + "/ws",
                "--api", "http://127.0.0.1:" + node.apiAddress().getPort()));
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }
}
