package io.herald.gateway;

import io.herald.gateway.capacity.CapacityConfig;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --max-outbound-memory} with real sockets: clients that stop reading while broadcasts keep coming are closed
 * with 4009 once what the node holds for them all passes the budget, long before any reaches its own
 * {@code --send-buffer}; a client that reads receives every push meanwhile.
 */
class OutboundBudgetIT {

    private static final int SLOW = 8;
    private static final int BUDGET = 1024 * 1024;

    private TestHttpServer backend;
    private GatewayFixture gateway;
    private final List<Socket> slow = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : slow) {
            socket.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void clientsThatStopReadingAreClosedPastTheNodesBudgetWhileAReaderGetsEverything() throws Exception {
        backend = new TestHttpServer(request -> new Answer.Http(200, "{}"));
        // Each connection may hold 64 MiB on its own: only the node's budget can close them.
        gateway = GatewayFixture.start(b -> b.sendBufferBytes(64 * 1024 * 1024)
                .events(URI.create("http://" + backend.address() + "/events"))
                .capacity(CapacityConfig.builder().maxOutboundMemoryBytes(BUDGET).build()));
        for (int i = 0; i < SLOW; i++) {
            slow.add(stopReading("slow-" + i));
        }
        WsClient reader = gateway.login("reader");
        Map<String, Object> data = Map.of("x", "x".repeat(16 * 1024));

        int pushed = 0;
        int delivered = SLOW + 1;
        while (delivered > 1) {
            assertThat(pushed).as("pushes before every slow client was closed").isLessThan(5_000);
            pushed++;
            delivered = ((Number) gateway.api().post("/api/broadcast", Map.of("id", "b-" + pushed, "data", data))
                    .expect(200).data("delivered")).intValue();
            assertThat(reader.nextPush()).containsEntry("id", "b-" + pushed);
        }

        Map<String, Map<String, Object>> disconnects = disconnects(SLOW);
        for (int i = 0; i < SLOW; i++) {
            assertThat(disconnects.get("slow-" + i)).as("slow-" + i).containsEntry("code", 4009)
                    .containsEntry("reason", "too_slow");
        }
        gateway.eventually("the budget freed", () -> gateway.server().outboundHeldBytes(), held -> held < BUDGET);
        pushed++;
        assertThat(gateway.api().post("/api/broadcast", Map.of("id", "b-" + pushed, "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(reader.nextPush()).containsEntry("id", "b-" + pushed);
        assertThat(reader.closed()).isFalse();
    }

    /** A client that upgrades with its login, then reads nothing more, with a small receive window. */
    private Socket stopReading(String uid) throws IOException {
        InetSocketAddress address = gateway.server().clientAddress();
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(address);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws?uid=" + uid + "&token=" + URLEncoder.encode(gateway.token(uid), StandardCharsets.UTF_8)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        gateway.eventually(uid + " online", () -> gateway.api().get("/api/online?uid=" + uid).expect(200),
                reply -> Boolean.TRUE.equals(reply.data("online")));
        return socket;
    }

    /** The disconnect events of {@code n} users, by uid, as the node POSTs them; waits for them. */
    private Map<String, Map<String, Object>> disconnects(int n) throws InterruptedException {
        Map<String, Map<String, Object>> byUid = new HashMap<>();
        Instant deadline = Instant.now().plus(WsClient.WAIT);
        while (byUid.size() < n) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            TestHttpServer.Request request = left > 0 ? backend.requests().poll(left, TimeUnit.MILLISECONDS) : null;
            if (request == null) {
                throw new AssertionError("only " + byUid.size() + " of " + n + " disconnects: " + byUid);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> batch = (List<Map<String, Object>>) JsonTree.parseObject(request.body())
                    .get("events");
            for (Map<String, Object> event : batch) {
                if ("disconnect".equals(event.get("event"))) {
                    byUid.put((String) event.get("uid"), event);
                }
            }
        }
        return byUid;
    }
}
