package io.herald.bench.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class ProcessSamplerTest {

    @Test
    void findsThisProcessListeningOnAPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ProcessSampler.findListener(socket.getLocalPort())).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void samplesAProcessCpuAndMemory() {
        ProcessSampler.Sample sample = new ProcessSampler(ProcessHandle.current().pid()).sample();

        assertThat(sample.serverCpuNanos()).isPositive();
        assertThat(sample.serverRssBytes()).isPositive();
        assertThat(sample.clientCpuNanos()).isPositive();
    }

    @Test
    void withoutANodeOnlyThisProcessIsSampled() {
        ProcessSampler.Sample sample = new ProcessSampler(0).sample();

        assertThat(sample.serverCpuNanos()).isEqualTo(-1);
        assertThat(sample.serverRssBytes()).isEqualTo(-1);
        assertThat(sample.clientRssBytes()).isPositive();
    }

    @Test
    void theClientsCpuIncludesItsWorkerProcesses() {
        long own = new ProcessSampler(0).sample().clientCpuNanos();
        long pid = ProcessHandle.current().pid();

        long withWorker = new ProcessSampler(List.of(), List.of(pid)).sample().clientCpuNanos();

        // The worker here is this process again, read from /proc in 10 ms ticks: about twice its own.
        assertThat(withWorker).isGreaterThanOrEqualTo(2 * own - 20_000_000L);
        assertThat(new ProcessSampler(List.of(), List.of(Long.MAX_VALUE)).sample().clientCpuNanos())
                .as("a worker that cannot be read").isEqualTo(-1);
    }

    @Test
    void theClientsMemoryIncludesItsWorkerProcesses() {
        long own = new ProcessSampler(0).sample().clientRssBytes();
        long pid = ProcessHandle.current().pid();

        long withWorker = new ProcessSampler(List.of(), List.of(pid)).sample().clientRssBytes();

        // The worker here is this process again: about twice its own, give or take what the heap did meanwhile.
        assertThat(withWorker).isBetween(own + own / 2, 3 * own);
        assertThat(new ProcessSampler(List.of(), List.of(Long.MAX_VALUE)).sample().clientRssBytes())
                .as("a worker that cannot be read").isEqualTo(-1);
    }

    @Test
    void severalNodesAreAddedUpAndKeptApart() {
        long pid = ProcessHandle.current().pid();

        ProcessSampler.Sample sample = new ProcessSampler(List.of(pid, pid), List.of()).sample();

        assertThat(sample.serverCpuEach()).hasSize(2);
        assertThat(sample.serverRssEach()).hasSize(2).doesNotContain(-1L, 0L);
        assertThat(sample.serverRssBytes()).isEqualTo(sample.serverRssEach()[0] + sample.serverRssEach()[1]);
        assertThat(new ProcessSampler(List.of(pid, Long.MAX_VALUE), List.of()).sample().serverCpuNanos())
                .as("one node that cannot be read").isEqualTo(-1);
    }
}
