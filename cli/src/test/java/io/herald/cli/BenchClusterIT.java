package io.herald.cli;

import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.gateway.JsonTree;
import io.herald.route.ClusterConfig;
import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.herald.cli.ResultTree.section;
import static io.herald.cli.ResultTree.number;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald bench cluster} against two real nodes in this JVM that form a cluster through a real Redis: the
 * connections are spread over both nodes, every push goes through the first node's API, so the half of the users
 * on the second node are reached by relay, and the run counts every delivery, none lost, none twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchClusterIT {

    private static final String SECRET = "herald-bench-cluster-tests-secret-0123456789";
    private static final String CLUSTER_SECRET = "bench-cluster-secret-0123";

    @TempDir
    Path dir;

    private RedisProcess redis;
    private final List<GatewayServer> nodes = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    void startCluster() throws InterruptedException {
        redis = RedisProcess.launch();
        ClusterConfig cluster = ClusterConfig.builder()
                .redis(redis.uri()).redisPrefix("bench-it:").clusterSecret(CLUSTER_SECRET)
                .nodeTtl(Duration.ofSeconds(2)).relayTimeout(Duration.ofSeconds(2))
                .build();
        for (String id : List.of("b1", "b2")) {
            GatewayConfig config = GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0).warmupLogins(0)
                    .nodeId(id).secret(SECRET).cluster(cluster).build();
            nodes.add(GatewayServer.create(config).start());
        }
        // Asking a node for the live nodes refreshes its view of the cluster, as its next heartbeat would.
        for (GatewayServer node : nodes) {
            Eventually.assertBefore(System.nanoTime() + Duration.ofSeconds(10).toNanos(), "both nodes meshed",
                    () -> assertThat(new ApiClient(api(node)).nodes()).containsOnlyKeys("b1", "b2"));
        }
    }

    @AfterAll
    void stopCluster() {
        try {
            nodes.forEach(GatewayServer::close);
        } finally {
            redis.close();
        }
    }

    @Test
    void unicastThroughOneNodeReachesTheUsersOfBoth() throws IOException {
        Map<String, Object> result = bench("cluster", "--connections", "40", "--count", "200");

        assertThat(result.get("scenario")).isEqualTo("cluster");
        assertThat(number(section(result, "connect"), "ready")).isEqualTo(40);
        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "answered")).isEqualTo(200);
        assertThat(number(push, "received")).isEqualTo(200);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(number(push, "unexpected")).isZero();
        assertThat(section(result, "settings").get("push")).isEqualTo("unicast");
    }

    @Test
    void uidsBatchesSpanBothNodes() throws IOException {
        Map<String, Object> result = bench("cluster", "--connections", "40", "--count", "50", "--batch", "10");

        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "received")).isEqualTo(500);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
    }

    @Test
    void broadcastsToAGroupReachEveryMemberOnEitherNode() throws IOException {
        Map<String, Object> result = bench("cluster", "--push", "broadcast", "--group", "room", "--connections", "40",
                "--count", "20");

        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "expected")).isEqualTo(40 * 20);
        assertThat(number(push, "received")).isEqualTo(40 * 20);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(section(result, "settings").get("push")).isEqualTo("broadcast");
    }

    @Test
    void theConnectionsAreSpreadOverTheNodesInTurn() throws Exception {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> run("connect", "--connections", "30",
                "--duration", "3s"));

        Eventually.assertBefore(System.nanoTime() + Duration.ofSeconds(10).toNanos(), "15 connections on each node",
                () -> assertThat(nodes).extracting(GatewayServer::connectionCount).containsExactly(15, 15));
        assertThat(run.get()).as("exit code; stderr:%n%s", err).isZero();
    }

    private Map<String, Object> bench(String... args) throws IOException {
        Path json = dir.resolve("result.json");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--json", json.toString()));
        int exit = run(all.toArray(String[]::new));
        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        return JsonTree.parseObject(Files.readString(json));
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("--secret", SECRET));
        for (GatewayServer node : nodes) {
            all.addAll(List.of("--ws", "ws://127.0.0.1:" + node.clientAddress().getPort() + "/ws",
                    "--api", api(node)));
        }
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    private static String api(GatewayServer node) {
        InetSocketAddress address = node.apiAddress();
        return "http://127.0.0.1:" + address.getPort();
    }
}
