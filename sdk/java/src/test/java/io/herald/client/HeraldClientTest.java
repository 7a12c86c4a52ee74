package io.herald.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client without a node: what it is given, and what it does before it connects. */
class HeraldClientTest {

    private static final URI URI_1 = URI.create("ws://127.0.0.1:1/ws");

    private static HeraldClient.Builder valid() {
        return HeraldClient.newBuilder().uri(URI_1).uid("alice").token("t");
    }

    @Test
    void theBuilderNamesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> HeraldClient.newBuilder().uid("a").token("t").build())
                .hasMessage("uris: [] (expected: at least one ws:// or wss:// URI)");
        assertThatThrownBy(() -> valid().uri(URI.create("http://127.0.0.1/ws")).build())
                .hasMessage("uri: http://127.0.0.1/ws (expected: a ws:// or wss:// URI)");
        assertThatThrownBy(() -> valid().uid("").build()).hasMessage("uid:  (expected: the user's id)");
        assertThatThrownBy(() -> HeraldClient.newBuilder().uri(URI_1).uid("a").build())
                .hasMessage("token: null (expected: a token or a token supplier)");
        assertThatThrownBy(() -> valid().commandTimeout(Duration.ZERO).build())
                .hasMessage("commandTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> valid().reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessage("reconnectDelay max: PT1S (expected: >= min PT2S)");
        assertThatThrownBy(() -> valid().dedupeSize(0).build()).hasMessage("dedupeSize: 0 (expected: >= 1)");
    }

    @Test
    void aCommandBeforeTheLoginFailsAtOnceAsDisconnected() throws Exception {
        try (HeraldClient client = valid().build()) {
            assertThat(client.state()).isEqualTo(HeraldClient.State.NEW);
            assertThatThrownBy(() -> client.join("room").get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(DisconnectedException.class);
        }
    }

    @Test
    void closingAClientThatNeverConnectedStopsIt() {
        Events events = new Events();
        HeraldClient client = valid().uris(List.of(URI_1, URI.create("ws://127.0.0.1:2/ws"))).listener(events).build();

        client.close();

        assertThat(client.state()).isEqualTo(HeraldClient.State.CLOSED);
        assertThat(events.kinds()).containsExactly("stopped");
        assertThatThrownBy(() -> client.send("x", null).get()).hasCauseInstanceOf(DisconnectedException.class);
    }

    @Test
    void aStopCodeEndsTheClientButA4001IsRetriedWhereATokenCanBeAskedFor() {
        assertThat(HeraldClient.stops(4003, true)).isTrue();
        assertThat(HeraldClient.stops(4010, false)).isTrue();
        assertThat(HeraldClient.stops(4001, false)).isTrue();
        assertThat(HeraldClient.stops(4001, true)).isFalse();
        assertThat(HeraldClient.stops(1001, false)).isFalse();
        assertThat(HeraldClient.stops(1006, false)).isFalse();
    }
}
