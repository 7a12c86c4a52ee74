package io.herald.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.InetAddress;
import java.net.ServerSocket;

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
}
