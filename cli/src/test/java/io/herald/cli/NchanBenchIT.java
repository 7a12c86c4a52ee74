package io.herald.cli;

import io.herald.gateway.JsonTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

import static io.herald.cli.ResultTree.section;
import static io.herald.cli.ResultTree.number;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald bench --peer nchan} against a real nginx with the nchan module, started from the config
 * {@code benchmarks/run-peers} uses: subscribers are ready once upgraded, every published body arrives as the frame
 * the client reads, once, on the connections it was for, in this process and in worker processes; and nginx's master
 * and workers are sampled as one server.
 */
class NchanBenchIT {

    @TempDir
    static Path dir;

    private static NchanProcess nginx;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        nginx = NchanProcess.start(dir);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void unicastReachesEachUsersOwnChannelOnceAndSamplesTheMasterWithItsWorkers() throws IOException {
        Map<String, Object> result = bench("unicast", "--connections", "60", "--count", "300",
                "--http-concurrency", "4");

        assertThat(number(section(result, "connect"), "ready")).isEqualTo(60);
        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "answered")).isEqualTo(300);
        assertThat(number(push, "apiDelivered")).as("each channel's one subscriber").isEqualTo(300);
        assertThat(number(push, "received")).isEqualTo(300);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(number(push, "unexpected")).as("none on another user's channel").isZero();
        assertThat(number(push, "foreign")).isZero();
        assertThat(number(section(push, "latencyMicros"), "count")).isEqualTo(300);
        assertThat(push.get("serverCpuMicrosPerPush")).as("the server was sampled").isInstanceOf(Number.class);
        assertThat(result.get("clean")).isEqualTo(true);
        List<Long> processes = new ArrayList<>(nginx.workers());
        processes.add(0, nginx.pid());
        assertThat(out.toString()).contains("is " + processes.size() + " processes (pids "
                + String.join(",", processes.stream().map(String::valueOf).toList()) + ")");
        assertThat(processes).as("the master and its two workers").hasSize(3);
    }

    @Test
    void aBroadcastToTheSharedChannelReachesEveryWorkerProcesssConnections() throws IOException {
        Map<String, Object> result = bench("broadcast", "--connections", "100", "--count", "20", "--processes", "2");

        Map<String, Object> push = section(result, "push");
        assertThat(number(push, "apiDelivered")).isEqualTo(100 * 20);
        assertThat(number(push, "received")).isEqualTo(100 * 20);
        assertThat(number(push, "losses")).isZero();
        assertThat(number(push, "duplicates")).isZero();
        assertThat(result.get("clean")).isEqualTo(true);
        assertThat(out.toString()).contains("held by 2 worker processes");
    }

    @Test
    void connectIsReadyOnceUpgradedAndMeasuresTheServersMemory() throws IOException {
        Map<String, Object> result = bench("connect", "--connections", "50", "--rate", "500", "--duration", "200ms");

        Map<String, Object> connect = section(result, "connect");
        assertThat(number(connect, "ready")).isEqualTo(50);
        assertThat(number(connect, "failed")).isZero();
        assertThat(connect.get("serverRssKiBPerConnection")).isInstanceOf(Number.class);
        assertThat(section(result, "settings").get("peer")).isEqualTo("nchan");
    }

    private Map<String, Object> bench(String... args) throws IOException {
        Path json = Files.createTempFile(dir, "result-", ".json");
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("--peer", "nchan", "--ws", nginx.subscriberLocation(), "--api",
                nginx.publisherLocation(), "--server-pid", Long.toString(nginx.pid()), "--json", json.toString()));
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s%nnginx:%n%s", err, out, nginx.errorLog()).isZero();
        return JsonTree.parseObject(Files.readString(json));
    }
}
