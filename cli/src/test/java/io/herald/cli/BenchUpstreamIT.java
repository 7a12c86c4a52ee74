package io.herald.cli;

import io.herald.gateway.GatewayConfig;
import io.herald.gateway.GatewayServer;
import io.herald.gateway.JsonTree;
import io.herald.gateway.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.herald.cli.ResultTree.number;
import static io.herald.cli.ResultTree.section;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald bench upstream} against a real node in this JVM whose {@code --upstream} is the bench's echo upstream,
 * with real HS256 tokens: every command is answered 200 through the upstream, and its push reaches every connection
 * of the sender's room, none lost, none twice.
 */
class BenchUpstreamIT {

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
    void commandsGoThroughTheEchoUpstreamAndTheirPushesReachTheRooms() throws IOException, InterruptedException {
        URI upstream = URI.create("http://127.0.0.1:" + freePort() + "/echo");
        node = GatewayServer.create(GatewayConfig.builder().host("127.0.0.1").port(0).apiPort(0).secret(SECRET)
                .warmupLogins(0).upstream(UpstreamConfig.builder().upstream(upstream).build()).build()).start();
        Path json = dir.resolve("result.json");

        int exit = run("upstream", "--connections", "25", "--rate", "200", "--warmup", "200ms", "--duration", "500ms",
                "--upstream-url", upstream.toString(), "--secret", SECRET, "--json", json.toString());

        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        Map<String, Object> result = JsonTree.parseObject(Files.readString(json));
        assertThat(number(section(result, "connect"), "ready")).isEqualTo(25);
        Map<String, Object> figures = section(result, "upstream");
        long sent = number(figures, "sent");
        assertThat(sent).as("about 200/s for 0.7 s").isBetween(100L, 160L);
        assertThat(number(figures, "answered")).isEqualTo(sent);
        assertThat(number(figures, "upstreamAnswered")).isEqualTo(sent);
        assertThat(number(figures, "refused")).isZero();
        assertThat(number(figures, "unanswered")).isZero();
        // Rooms of 10: connections 0-9 and 10-19 in rooms of ten, 20-24 in one of five; the commands go round them.
        assertThat(number(figures, "expected")).isGreaterThan(5 * sent).isLessThanOrEqualTo(10 * sent);
        assertThat(number(figures, "received")).isEqualTo(number(figures, "expected"));
        assertThat(number(figures, "losses")).isZero();
        assertThat(number(figures, "duplicates")).isZero();
        assertThat(number(section(figures, "roundTripMicros"), "count")).isPositive().isLessThan(sent);
        assertThat(result.get("clean")).isEqualTo(true);
        assertThat(out.toString()).contains("round trip", "CPU/command", "clean: no loss");
        assertThat(err.toString()).contains("the echo upstream listens at " + upstream);
    }

    @Test
    void withoutARateTheScenarioIsRefusedNamingTheFlag() {
        int exit = run("upstream", "--connections", "5");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--rate", "upstream");
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
