package io.herald.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald bench --profile}: async-profiler attached to a node in its own JVM, as {@code ./herald serve} runs
 * it, writes a flame graph and folded stacks of each measured phase, and the stacks are the node's own.
 */
class BenchProfileIT {

    private static final String SECRET = "herald-bench-profile-tests-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void theNodesCpuOverConnectAndPushesIsProfiledIntoFlameGraphsAndFoldedStacks() throws IOException {
        try (NodeProcess node = NodeProcess.start("profiled", List.of("--secret", SECRET),
                Map.of())) {
            Path profiles = dir.resolve("profiles");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine(Map.of());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));

            int exit = cli.execute("bench", "unicast", "--connections", "50", "--duration", "2s",
                    "--secret", SECRET, "--ws", NodeProcess.webSocket(node.port()).toString(),
                    "--api", "http://" + node.apiAddress(), "--server-pid", String.valueOf(node.pid()),
                    "--profile", profiles.toString());

            assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
            String name = "127.0.0.1-" + node.apiPort();
            for (String phase : List.of("connect", "unicast")) {
                Path collapsed = profiles.resolve(phase + "-" + name + ".collapsed");
                Path html = profiles.resolve(phase + "-" + name + ".html");
                assertThat(collapsed).isRegularFile();
                assertThat(html).isRegularFile();
                assertThat(Files.readString(html)).contains("<html").contains(phase + " on " + name);
                if (phase.equals("unicast")) {
                    assertThat(Files.readString(collapsed)).as("the node's own frames")
                            .contains("io/herald/gateway");
                }
            }
            assertThat(out.toString()).contains("profiled (async-profiler");
        }
    }
}
