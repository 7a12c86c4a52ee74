package io.herald.bench.worker;

import io.herald.bench.load.Login;
import io.herald.bench.load.NchanChannels;
import io.herald.bench.load.Peer;
import io.herald.bench.load.SourceAddresses;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerSpecTest {

    @Test
    void aSpecReadsBackAsItWasWritten() throws IOException {
        WorkerSpec spec = new WorkerSpec("abc123", 2000, 4000,
                List.of(URI.create("ws://127.0.0.1:8080/ws"), URI.create("ws://127.0.0.1:9080/ws")),
                SourceAddresses.parse("127.0.0.1-127.0.0.3"), Optional.of("room"),
                Optional.of("a-secret-of-at-least-thirty-two-bytes"), Duration.ofMinutes(70), Peer.HERALD, false, Login.UPGRADE);

        assertThat(roundTrip(spec)).isEqualTo(spec);
    }

    @Test
    void absentGroupSecretAndSourcesStayAbsent() throws IOException {
        WorkerSpec spec = new WorkerSpec("r", 0, 1, List.of(URI.create("ws://127.0.0.1:8080/ws")), List.of(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(1), Peer.HERALD, false, Login.COMMAND);

        assertThat(roundTrip(spec)).isEqualTo(spec);
    }

    @Test
    void anNchanSpecCarriesItsPeerAndChannelsAcross() throws IOException {
        WorkerSpec spec = new WorkerSpec("r", 0, 4, List.of(URI.create("ws://127.0.0.1:18090/sub/")), List.of(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(1), Peer.NCHAN, true, Login.COMMAND);

        WorkerSpec read = roundTrip(spec);

        assertThat(read).isEqualTo(spec);
        NchanChannels channels = read.nchanChannels().orElseThrow();
        assertThat(channels.ids().run()).isEqualTo("r");
        assertThat(channels.shared()).isTrue();
        assertThat(read.toString()).contains("peer=nchan, shared=true");
        assertThat(new WorkerSpec("r", 0, 4, spec.ws(), List.of(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(1), Peer.HERALD, true, Login.COMMAND).nchanChannels()).as("Herald subscribes to no channel")
                .isEmpty();
    }

    @Test
    void itsTextNeverShowsTheSecret() {
        WorkerSpec spec = new WorkerSpec("r", 0, 10, List.of(URI.create("ws://127.0.0.1:8080/ws")), List.of(),
                Optional.empty(), Optional.of("a-secret-of-at-least-thirty-two-bytes"), Duration.ofSeconds(1),
                Peer.HERALD, false, Login.COMMAND);

        assertThat(spec.toString()).doesNotContain("a-secret").contains("secret=true", "connections 0..10", "login=command");
    }

    private static WorkerSpec roundTrip(WorkerSpec spec) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        spec.write(new DataOutputStream(bytes));
        return WorkerSpec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
