package io.herald.bench.measure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class SampledNodesTest {

    private Process master;

    @AfterEach
    void stop() {
        if (master != null) {
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
        }
    }

    /**
     * A server shaped like nginx: a "master" bash whose child is a "worker" bash (the same program), itself with a
     * child of another program (sh, then sleep), which prints its pid and its parent's once it runs: nothing is
     * waited for but that line.
     */
    @Test
    void aServerIsItsMasterRunningTheSameProgramAndAllItsDescendants() throws IOException {
        master = start();
        long[] pids = readPids(master);
        long child = pids[0];
        long worker = pids[1];

        List<Long> server = SampledNodes.serverOf(worker);

        assertThat(server.get(0)).as("the master first").isEqualTo(master.pid());
        assertThat(server).containsExactlyInAnyOrder(master.pid(), worker, child);
        assertThat(SampledNodes.serverOf(child)).as("its parent runs another program").containsExactly(child);
    }

    @Test
    void theProcessesGivenMakeOneNodeNamedAfterThePublisherLocation() throws IOException {
        master = start();
        long[] pids = readPids(master);
        List<String> notes = new ArrayList<>();

        List<SampledNodes.Node> nodes = SampledNodes.findServer(List.of(master.pid(), pids[1]),
                URI.create("http://127.0.0.1:18090/pub/"), notes);

        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).name()).isEqualTo("http://127.0.0.1:18090/pub/");
        assertThat(nodes.get(0).pid()).isEqualTo(master.pid());
        assertThat(nodes.get(0).pids()).as("each once").containsExactlyInAnyOrder(master.pid(), pids[0], pids[1]);
        assertThat(notes).singleElement().asString().contains("is 3 processes", "added up");
    }

    @Test
    void aProcessThatIsGoneIsItselfAlone() {
        assertThat(SampledNodes.serverOf(Long.MAX_VALUE)).containsExactly(Long.MAX_VALUE);
    }

    private static Process start() throws IOException {
        return new ProcessBuilder("bash", "-c",
                "bash -c \"sh -c 'echo \\$\\$ \\$PPID; exec sleep 60' & wait\" & wait").start();
    }

    /** The child's pid and its parent's, the worker. */
    private static long[] readPids(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII));
        String[] line = out.readLine().trim().split(" ");
        return new long[] {Long.parseLong(line[0]), Long.parseLong(line[1])};
    }
}
