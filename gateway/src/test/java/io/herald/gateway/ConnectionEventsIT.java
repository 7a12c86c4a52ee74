package io.herald.gateway;

import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection events to {@code --events} from a real node to a real backend on 127.0.0.1: a connect when a
 * connection logged in, a disconnect with its close code and reason when it closed, in that order, and nothing for
 * a connection that never logged in.
 */
class ConnectionEventsIT {

    private TestHttpServer backend;
    private GatewayFixture gateway;
    private final List<Map<String, Object>> events = new ArrayList<>();

    @BeforeEach
    void startBackend() throws InterruptedException {
        backend = new TestHttpServer(request -> new Answer.Http(200, "{}"));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }

    private void startGateway(UnaryOperator<GatewayConfig.Builder> settings) {
        gateway = GatewayFixture.start(b -> settings.apply(b.events(URI.create("http://" + backend.address()
                + "/events"))));
    }

    @Test
    void aLoginIsAConnectAndTheClientsCloseADisconnectInThatOrder() throws InterruptedException {
        startGateway(b -> b);
        WsClient stranger = gateway.connect();
        stranger.close();
        stranger.awaitClose();
        WsClient alice = gateway.connect();
        alice.login("alice", gateway.token("alice"), "web");

        alice.close();
        alice.awaitClose();

        Map<String, Object> connect = next("alice");
        assertThat(connect).containsAllEntriesOf(Map.of("event", "connect", "uid", "alice", "conn", alice.conn(),
                "node", gateway.nodeId(), "device", "web", "remote", "127.0.0.1"));
        assertThat(((Number) connect.get("at")).longValue()).isPositive();
        Map<String, Object> disconnect = next("alice");
        assertThat(disconnect).containsAllEntriesOf(Map.of("event", "disconnect", "uid", "alice",
                "conn", alice.conn(), "node", gateway.nodeId(), "code", 1000, "reason", "client"));
        assertThat(events).as("nothing for the connection that never logged in").hasSize(2);
    }

    @Test
    void eachCloseOfTheNodeSaysItsCodeAndReason() throws InterruptedException {
        startGateway(b -> b.maxFrameBytes(1024));
        WsClient kicked = gateway.login("kicked");
        WsClient noisy = gateway.login("noisy");
        WsClient big = gateway.login("big");
        WsClient gone = gateway.login("gone");

        gateway.api().post("/api/kick", Map.of("conn", kicked.conn())).expect(200);
        assertThat(kicked.awaitClose()).isEqualTo(4003);
        for (int i = 0; i < 11; i++) {
            noisy.send("not json");
        }
        assertThat(noisy.awaitClose()).isEqualTo(4008);
        big.send("{\"id\":\"1\",\"cmd\":\"x\",\"data\":\"" + "x".repeat(2048) + "\"}");
        assertThat(big.awaitClose()).isEqualTo(1009);
        gone.abort();

        assertThat(disconnectOf("kicked")).containsEntry("code", 4003).containsEntry("reason", "kicked");
        assertThat(disconnectOf("noisy")).containsEntry("code", 4008).containsEntry("reason", "rate_limited");
        assertThat(disconnectOf("big")).containsEntry("code", 1009).containsEntry("reason", "error");
        assertThat(disconnectOf("gone")).containsEntry("code", 1006).containsEntry("reason", "client");
    }

    @Test
    void aNodeThatStopsReportsItsGoingAwayBeforeItIsGone() throws InterruptedException {
        startGateway(b -> b);
        WsClient alice = gateway.login("alice");

        gateway.stopServer();

        assertThat(alice.awaitClose()).isEqualTo(1001);
        assertThat(disconnectOf("alice")).containsEntry("code", 1001).containsEntry("reason", "going_away");
    }

    @Test
    void aClientSilentPastTheIdleTimeoutIsAnIdleDisconnect() throws IOException, InterruptedException {
        startGateway(b -> b.pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(800)));
        InetSocketAddress address = gateway.server().clientAddress();

        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws?uid=idler&token=" + URLEncoder.encode(gateway.token("idler"), StandardCharsets.UTF_8)
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Read everything, answering nothing (not even Pings), until the node closes the socket.
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (in.read() >= 0) {
                // skip
            }
        }

        assertThat(next("idler")).containsEntry("event", "connect").containsEntry("device", null);
        assertThat(next("idler")).containsEntry("event", "disconnect").containsEntry("code", 1006)
                .containsEntry("reason", "idle");
    }

    @Test
    void aClientThatStopsReadingIsATooSlowDisconnect() throws IOException, InterruptedException {
        startGateway(b -> b.sendBufferBytes(64 * 1024));
        InetSocketAddress address = gateway.server().clientAddress();

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // a small window: the node's socket fills soon
            socket.connect(address);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws?uid=slow&token=" + URLEncoder.encode(gateway.token("slow"), StandardCharsets.UTF_8)
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(next("slow")).containsEntry("event", "connect");

            // From here on the client reads nothing: pushes pile up past the kernel's buffers and the node's bound.
            Map<String, Object> data = Map.of("x", "x".repeat(32 * 1024));
            for (int i = 0; i < 600; i++) {
                if (((Number) gateway.api().push(Map.of("uid", "slow", "data", data)).data("delivered"))
                        .intValue() == 0) {
                    break;
                }
            }
        }

        assertThat(next("slow")).containsEntry("event", "disconnect").containsEntry("code", 4009)
                .containsEntry("reason", "too_slow");
    }

    /** The disconnect event of {@code uid}, after its connect. */
    private Map<String, Object> disconnectOf(String uid) throws InterruptedException {
        assertThat(next(uid)).containsEntry("event", "connect");
        return next(uid);
    }

    /** The next event of {@code uid} not read yet, in the order the node sent them; waits for it. */
    private Map<String, Object> next(String uid) throws InterruptedException {
        Instant deadline = Instant.now().plus(WsClient.WAIT);
        while (true) {
            for (Map<String, Object> event : events) {
                if (uid.equals(event.get("uid")) && !Boolean.TRUE.equals(event.get("read"))) {
                    event.put("read", true);
                    Map<String, Object> copy = new java.util.LinkedHashMap<>(event);
                    copy.remove("read");
                    return copy;
                }
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            TestHttpServer.Request request = left > 0 ? backend.requests().poll(left, TimeUnit.MILLISECONDS) : null;
            if (request == null) {
                throw new AssertionError("no further event of " + uid + " within " + WsClient.WAIT + "; all: "
                        + events);
            }
            assertThat(request.path()).isEqualTo("/events");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> batch = (List<Map<String, Object>>) JsonTree.parseObject(request.body())
                    .get("events");
            batch.forEach(event -> events.add(new java.util.HashMap<>(event)));
        }
    }
}
