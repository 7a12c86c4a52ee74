package io.herald.cli;

import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.gateway.JsonTree;
import io.herald.gateway.capacity.CapacityConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.herald.cli.ResultTree.number;
import static io.herald.cli.ResultTree.section;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald bench slow-readers} at a small size against a real node in this JVM with a small
 * {@code --max-outbound-memory} (and a {@code --send-buffer} too large to close anyone on its own): the node closes
 * every connection that never reads, and the connections that read lose nothing.
 */
class BenchSlowReadersIT {

    private static final String SECRET = "herald-bench-integration-tests-secret-0123456789";

    @TempDir
    Path dir;

    private GatewayServer node;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theNodeClosesEveryConnectionThatNeverReadsAndTheOthersLoseNothing() throws IOException,
            InterruptedException {
        node = GatewayServer.create(GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0).secret(SECRET)
                .warmupLogins(0).sendBufferBytes(64 * 1024 * 1024)
                .capacity(CapacityConfig.builder().maxOutboundMemoryBytes(1024 * 1024).build()).build()).start();
        Path json = dir.resolve("result.json");

        int exit = run("slow-readers", "--connections", "20", "--slow-readers", "200", "--rate", "200",
                "--duration", "4s", "--payload-size", "16KiB", "--secret", SECRET, "--json", json.toString());

        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        Map<String, Object> result = JsonTree.parseObject(Files.readString(json));
        Map<String, Object> slow = section(result, "slowReaders");
        assertThat(number(slow, "slowReaders")).isEqualTo(200);
        assertThat(number(slow, "loggedIn")).isEqualTo(200);
        assertThat(number(slow, "closed")).isEqualTo(200);
        assertThat(slow.get("allClosedSeconds")).isNotNull();
        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "sent")).isPositive();
        assertThat(number(push, "received")).isEqualTo(number(push, "expected")).isPositive();
        assertThat(number(push, "losses")).isZero();
        assertThat(result.get("clean")).isEqualTo(true);
        assertThat(out.toString()).contains("slow readers", "node heap", "node RSS");
    }

    @Test
    void slowReadersIsRefusedWithoutARateAndOtherScenariosRefuseTheFlag() {
        assertThat(run("slow-readers", "--connections", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate", "slow-readers");

        assertThat(run("unicast", "--slow-readers", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("--slow-readers", "only with the slow-readers scenario");
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("--ws", "ws://127.0.0.1:" + (node == null ? 1 : node.clientAddress().getPort()) + "/ws",
                "--api", "http://127.0.0.1:" + (node == null ? 2 : node.apiAddress().getPort())));
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }
}
