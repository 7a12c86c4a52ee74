package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's timers, on real sockets with short settings: the login timeout (4002), Pings after read
 * silence that the client's Pongs answer, and the idle timeout that closes a client that stays silent even
 * to Pings. Each test waits for the event the timer causes, with a bound of several times the setting.
 */
class TimeoutsIT {

    private static final Duration PING_INTERVAL = Duration.ofMillis(100);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(800);

    private GatewayFixture gateway;

    /**
     * Logs in once on a node with default timeouts, so that the first login in this JVM (class loading, cold
     * code) does not count against the short login timeout below.
     */
    @BeforeAll
    static void warmUp() {
        try (GatewayFixture warm = GatewayFixture.start()) {
            warm.login("warm-up");
        }
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aConnectionThatDoesNotLogInInTimeIsClosedWith4002() {
        gateway = GatewayFixture.start(settings -> settings.loginTimeout(Duration.ofMillis(300)));
        WsClient loggedIn = gateway.login("alice");
        WsClient silent = gateway.connect();

        assertThat(silent.awaitClose()).isEqualTo(4002);

        // The logged-in client's timer fired before the silent one's, and left it open.
        assertThat(loggedIn.closed()).isFalse();
        assertThat(loggedIn.request(Map.of("id", "hb", "cmd", "heartbeat"))).containsEntry("code", 200);
    }

    @Test
    void aClientThatAnswersPingsStaysConnectedPastTheIdleTimeout() {
        gateway = GatewayFixture.start(settings -> settings
                .pingInterval(PING_INTERVAL).idleTimeout(IDLE_TIMEOUT));
        WsClient alice = gateway.login("alice");

        // These pings take longer than the idle timeout; only the JDK's automatic Pongs were read in between.
        alice.awaitPings(12);

        assertThat(alice.closed()).isFalse();
        assertThat(alice.request(Map.of("id", "hb", "cmd", "heartbeat"))).containsEntry("code", 200);
    }

    @Test
    void aClientSilentEvenToPingsIsClosedAtTheIdleTimeout() throws IOException {
        gateway = GatewayFixture.start(settings -> settings
                .pingInterval(PING_INTERVAL).idleTimeout(IDLE_TIMEOUT));
        InetSocketAddress address = gateway.server().clientAddress();

        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");

            // Read frames, never answering, until the server closes the socket.
            List<Integer> opcodes = readFramesUntilEnd(in);

            assertThat(opcodes).as("frames before the close").contains(0x9).doesNotContain(0x1);
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the handshake response ended early: " + headers);
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** The opcodes of the server's frames up to the end of the stream; fails on a read timeout. */
    private static List<Integer> readFramesUntilEnd(DataInputStream in) throws IOException {
        List<Integer> opcodes = new ArrayList<>();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return opcodes;
            }
            opcodes.add(first & 0x0F);
            int length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                throw new IOException("unexpectedly long frame from the server");
            }
            in.readFully(new byte[length]);
        }
    }
}
