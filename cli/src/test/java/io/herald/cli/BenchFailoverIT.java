package io.herald.cli;

import io.herald.gateway.JsonTree;
import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static io.herald.cli.ResultTree.section;
import static io.herald.cli.ResultTree.number;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald bench failover} against three nodes, each in its own JVM started from the fat jar, on one real
 * Redis: 30 clients spread over the nodes, 50 pushes a second through the three APIs in turn for 8 s, and the
 * second node killed with SIGKILL a third of the way through, then started again by the bench from what /proc
 * says of it. Its clients log in again on the other nodes with {@code since} and recover whole: nothing answered
 * 200 is lost, nothing reaches an application twice, and the node comes back into the cluster under its own id.
 */
class BenchFailoverIT {

    private static final String SECRET = "herald-bench-failover-tests-secret-0123456789";
    private static final String CLUSTER_SECRET = "bench-failover-cluster-secret";
    private static final int CONNECTIONS = 30;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private RedisProcess redis;
    private long restartedPid;

    @RegisterExtension
    final TestWatcher printOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.printf("----- bench stderr -----%n%s%n----- bench stdout -----%n%s%n", err, out);
            nodes.forEach(node -> System.err.printf("----- output of %s -----%n%s%n", node, node.output()));
        }
    };

    @BeforeEach
    void startCluster() {
        redis = RedisProcess.launch();
        List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
        for (String id : List.of("f1", "f2", "f3")) {
            starting.add(CompletableFuture.supplyAsync(() -> NodeProcess.startClusterNode(id, redis.uri(),
                    CLUSTER_SECRET, "--secret", SECRET, "--node-ttl", "2s", "--relay-timeout", "1s")));
        }
        starting.forEach(node -> nodes.add(node.join()));
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        try {
            nodes.forEach(NodeProcess::stopAsync);
            nodes.forEach(NodeProcess::close);
            // The restarted node is the bench's child, in a session of its own, not a NodeProcess: stop it by its id.
            if (restartedPid > 0) {
                ProcessHandle restarted = ProcessHandle.of(restartedPid).orElse(null);
                if (restarted != null) {
                    restarted.destroy();
                    restarted.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            ProcessHandle.of(restartedPid).ifPresent(ProcessHandle::destroyForcibly);
            throw new IllegalStateException("the restarted node did not stop", e);
        } finally {
            redis.close();
        }
    }

    @Test
    void aNodeKilledMidRunLosesNothingAndItsClientsRecoverElsewhere() throws IOException {
        NodeProcess killed = nodes.get(1);

        Map<String, Object> result = bench("--connections", Integer.toString(CONNECTIONS), "--rate", "50",
                "--duration", "8s");

        Map<String, Object> failover = section(result, "failover");
        Map<String, Object> kill = section(failover, "kill");
        restartedPid = number(kill, "restartedPid");
        assertThat(kill.get("problem")).as("the restart's problem").isNull();
        assertThat(number(kill, "pid")).isEqualTo(killed.pid());
        assertThat(restartedPid).isPositive().isNotEqualTo(killed.pid());
        assertThat(ProcessHandle.of(killed.pid()).map(ProcessHandle::isAlive)).as("the old process").isNotEqualTo(
                Optional.of(true));

        Map<String, Object> pushes = section(failover, "pushes");
        // Paced at 50 a second for 8 s; a loaded machine may end the run a push or two short of the pace.
        assertThat(number(pushes, "sent")).isBetween(8L * 50 * 9 / 10, 8L * 50);
        assertThat(number(pushes, "answered")).isGreaterThan(8 * 50 * 9 / 10);

        Map<String, Object> deliveries = section(failover, "deliveries");
        assertThat(number(deliveries, "lost")).as("answered 200 and never received; %s",
                failover.get("lostPushes")).isZero();
        assertThat(number(deliveries, "twice")).as("delivered twice to the application").isZero();
        assertThat(number(deliveries, "misrouted")).isZero();
        assertThat(number(deliveries, "received")).isGreaterThanOrEqualTo(number(pushes, "answered"));

        // Clients 1, 4, 7, ... were on the second node: each logged in again elsewhere and recovered whole.
        Map<String, Object> reconnects = section(failover, "reconnects");
        assertThat(number(reconnects, "clients")).isEqualTo(CONNECTIONS / 3);
        assertThat(number(reconnects, "recovered")).isEqualTo(number(reconnects, "logins")).isPositive();
        assertThat(number(reconnects, "notRecovered")).isZero();
        assertThat(number(reconnects, "stillDown")).isZero();
        assertThat(result.get("clean")).isEqualTo(true);

        // It came back with the same command line: under its own id, in the cluster again.
        Eventually.assertBefore(System.nanoTime() + Duration.ofSeconds(10).toNanos(), "f2 back in the cluster",
                () -> assertThat(ApiClient.of(nodes.get(0)).nodes()).containsKeys("f1", "f2", "f3"));
        assertThat(ProcessHandle.of(restartedPid).map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                .orElse(List.of())).as("the restarted node's arguments").contains("f2");
    }

    private Map<String, Object> bench(String... args) throws IOException {
        Path json = dir.resolve("failover.json");
        List<String> all = new ArrayList<>(List.of("bench", "failover"));
        all.addAll(List.of(args));
        all.addAll(List.of("--secret", SECRET, "--json", json.toString(), "--report", dir.resolve("failover.html")
                .toString()));
        all.addAll(List.of("--ws", nodes.stream().map(n -> n.webSocket().toString()).collect(Collectors.joining(","))));
        all.addAll(List.of("--api", nodes.stream().map(n -> "http://" + n.apiAddress())
                .collect(Collectors.joining(","))));
        all.addAll(List.of("--server-pid", nodes.stream().map(n -> Long.toString(n.pid()))
                .collect(Collectors.joining(","))));
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        assertThat(Files.exists(json)).as("the JSON result; stderr:%n%s", err).isTrue();
        Map<String, Object> result = JsonTree.parseObject(Files.readString(json));
        Object restarted = section(section(result, "failover"), "kill").get("restartedPid");
        restartedPid = restarted instanceof Number n ? n.longValue() : 0;
        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        return result;
    }
}
