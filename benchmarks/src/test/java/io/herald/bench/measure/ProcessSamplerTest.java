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

    @Test
    void aNodeOfSeveralProcessesIsTheirSum() {
        long pid = ProcessHandle.current().pid();
        ProcessSampler.Sample one = new ProcessSampler(List.of(pid), List.of()).sample();

        // The node's "processes" are this one twice, as nginx's master and worker would be two.
        ProcessSampler.Sample both = ProcessSampler.of(List.of(new SampledNodes.Node(0, "n", pid, List.of(pid, pid))),
                List.of()).sample();

        assertThat(both.serverCpuEach()).hasSize(1);
        assertThat(both.serverRssBytes()).isBetween(one.serverRssBytes() + one.serverRssBytes() / 2,
                3 * one.serverRssBytes());
        assertThat(both.serverCpuNanos()).isGreaterThanOrEqualTo(2 * one.serverCpuNanos() - 20_000_000L);
        assertThat(ProcessSampler.of(List.of(new SampledNodes.Node(0, "n", pid, List.of(pid, Long.MAX_VALUE))),
                List.of()).sample().serverCpuNanos()).as("one process that cannot be read").isEqualTo(-1);
    }

    @Test
    void aNodeKilledHoldsItsCpuAndNoMemoryUntilItsNewProcessAddsToIt() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcessSampler sampler = new ProcessSampler(List.of(pid, pid), List.of());

        sampler.down(1);
        ProcessSampler.Sample down = sampler.sample();
        burnCpu();
        ProcessSampler.Sample stillDown = sampler.sample();
        sampler.replaced(1, pid);
        ProcessSampler.Sample back = sampler.sample();

        assertThat(down.serverRssEach()[1]).as("a dead process holds no memory").isZero();
        assertThat(stillDown.serverCpuEach()[1]).as("held").isEqualTo(down.serverCpuEach()[1]);
        assertThat(stillDown.serverCpuEach()[0]).isGreaterThan(down.serverCpuEach()[0]);
        // Its "new" process is this one again, whose CPU time adds to what the old one had used.
        assertThat(back.serverCpuEach()[1]).isGreaterThanOrEqualTo(down.serverCpuEach()[1] + back.serverCpuEach()[0]
                - 20_000_000L);
        assertThat(back.serverRssEach()[1]).isPositive();
    }

    @Test
    void aNodeKilledWhoseCpuCannotBeReadStaysUnknown() {
        ProcessSampler sampler = new ProcessSampler(List.of(Long.MAX_VALUE), List.of());

        sampler.down(0);
        sampler.replaced(0, ProcessHandle.current().pid());

        assertThat(sampler.sample().serverCpuNanos()).isEqualTo(-1);
    }

    /** Uses CPU until this process's CPU time, in /proc's 10 ms ticks, has moved on. */
    private static void burnCpu() {
        long pid = ProcessHandle.current().pid();
        long start = new ProcessSampler(List.of(pid), List.of()).sample().serverCpuNanos();
        long x = 0;
        while (new ProcessSampler(List.of(pid), List.of()).sample().serverCpuNanos() < start + 20_000_000L) {
            for (int i = 0; i < 1_000_000; i++) {
                x += i * 31L ^ x;
            }
        }
        assertThat(x).isNotEqualTo(42);
    }
}
