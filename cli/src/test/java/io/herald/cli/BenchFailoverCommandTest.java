package io.herald.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald bench failover}'s flags: read, checked by the config type, refused for the other scenarios. */
class BenchFailoverCommandTest {

    private static final List<String> THREE_NODES = List.of(
            "--ws", "ws://127.0.0.1:8080/ws,ws://127.0.0.1:8082/ws,ws://127.0.0.1:8084/ws",
            "--api", "http://127.0.0.1:8081,http://127.0.0.1:8083,http://127.0.0.1:8085");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theKillFlagsHaveNoDefaultOfTheirOwn() {
        CommandLine cli = Main.commandLine(Map.of());
        cli.parseArgs(args("failover", "--rate", "50").toArray(String[]::new));
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();

        // The config type derives them: a third of --duration, the second node.
        assertThat(bench.killAfter).isNull();
        assertThat(bench.killNode).isNull();
    }

    @Test
    void readsTheKillFlagsAndTheirVariables() {
        CommandLine cli = Main.commandLine(Map.of("HERALD_KILL_AFTER", "4s"));
        cli.parseArgs(args("failover", "--rate", "50", "--kill-node", "3").toArray(String[]::new));
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();

        assertThat(bench.killAfter).isEqualTo(Duration.ofSeconds(4));
        assertThat(bench.killNode).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rate|0|Invalid value for option '--rate': 0 (expected: > 0 for failover: pushes a second)",
        "--kill-after|10s|Invalid value for option '--kill-after': 10s (expected: >= 0 and less than --duration",
        "--kill-node|4|Invalid value for option '--kill-node': 4 (expected: 0 (none) to 3, the nodes)",
        "--count|5|Invalid value for option '--count': 5 (expected: none for failover: it pushes for --duration)",
        "--processes|2|Invalid value for option '--processes': 2 (expected: 0 or 1 for failover",
        "--group|room|Invalid value for option '--group': room (expected: none for failover: it pushes to users)"})
    void refusesWhatFailoverCannotDo(String flag, String value, String message) {
        List<String> args = args("failover", "--duration", "10s");
        if (!"--rate".equals(flag)) {
            args.addAll(List.of("--rate", "50"));
        }
        args.addAll(List.of(flag, value));

        assertThat(run(args)).isEqualTo(2);
        assertThat(err.toString()).contains(message).contains("herald bench --help");
    }

    @Test
    void failoverNeedsAnApiPerNode() {
        assertThat(run(List.of("bench", "failover", "--rate", "50", "--ws", THREE_NODES.get(1)))).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--api': ").contains(
                "(expected: one per --ws address (3) for failover: pushes go through every node's API)");
    }

    @Test
    void theOtherScenariosRefuseTheKillFlags() {
        assertThat(run(List.of("bench", "unicast", "--kill-node", "2"))).isEqualTo(2);
        assertThat(err.toString()).contains(
                "Invalid value for option '--kill-node': 2 (expected: only with the failover scenario)");
    }

    @Test
    void helpNamesTheScenarioAndItsFlags() {
        assertThat(run(List.of("bench", "--help"))).isZero();
        assertThat(out.toString()).contains("failover", "--kill-after", "--kill-node", "a third of --duration");
    }

    private static List<String> args(String scenario, String... more) {
        List<String> args = new ArrayList<>(List.of("bench", scenario));
        args.addAll(THREE_NODES);
        args.addAll(List.of(more));
        return args;
    }

    private int run(List<String> args) {
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }
}
