package io.herald.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.gateway.client.ClientLimits;
import io.herald.gateway.client.ClientRefusals;
import io.herald.route.testing.TestHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client port's limits against a real node on 127.0.0.1, with real clients (the JDK's WebSocket, raw sockets
 * where the test has to misbehave): each abuse gets its answer, is counted, leaves no warning or stack trace in the
 * log, and an ordinary client beside it is still served.
 */
class ClientLimitsIT {

    private GatewayFixture gateway;
    private WsClient bystander;
    private TestHttpServer backend;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void watchTheLog() throws InterruptedException {
        log.setContext(root.getLoggerContext());
        log.start();
        root.addAppender(log);
        backend = new TestHttpServer(request -> new TestHttpServer.Answer.Http(200, "{}"));
    }

    @AfterEach
    void stop() {
        try {
            if (bystander != null) {
                assertThat(bystander.request(Map.of("id", "still", "cmd", "heartbeat")))
                        .as("an ordinary client is still served").containsEntry("code", 200);
            }
            synchronized (log) {
                assertThat(log.list).as("nothing logged at WARN or above, no stack trace")
                        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
                                || event.getThrowableProxy() != null)
                        .isEmpty();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            backend.close();
            root.detachAppender(log);
            log.stop();
        }
    }

    private void start(UnaryOperator<ClientLimits.Builder> limits) {
        gateway = GatewayFixture.start(b -> b.clientLimits(limits.apply(ClientLimits.builder()).build())
                .events(URI.create("http://" + backend.address() + "/events")));
        bystander = gateway.login("bystander");
    }

    private long refused(ClientRefusals.Kind kind) {
        return gateway.server().clientRefusals().count(kind);
    }

    @Test
    void commandsPastTheRateAre429AndAClientThatKeepsOnIsClosed4008AsRateLimited() throws InterruptedException {
        start(limits -> limits.commandRate(5));
        WsClient noisy = gateway.login("noisy");

        for (int i = 0; i < 30; i++) {
            try {
                noisy.send(Map.of("id", "h" + i, "cmd", "heartbeat"));
            } catch (AssertionError e) {
                // The node may close the connection before the last ones are sent.
                assertThat(noisy.closed()).as("a send fails only once the node closed: %s", e).isTrue();
                break;
            }
        }

        assertThat(noisy.awaitClose()).isEqualTo(4008);
        // Everything the node sent before its close frame: 200s while the budget lasts (and as it refills), 429s.
        List<Map<String, Object>> tooMany = new ArrayList<>();
        int ok = 0;
        while (noisy.pending() > 0) {
            Map<String, Object> reply = noisy.next();
            if (Integer.valueOf(429).equals(reply.get("code"))) {
                tooMany.add(reply);
            } else {
                assertThat(reply).containsEntry("code", 200);
                ok++;
            }
        }
        assertThat(ok).as("the burst left after the login").isPositive();
        assertThat(tooMany).as("five refusals; the sixth within 10 s closed the connection").hasSize(5)
                .allSatisfy(reply -> assertThat(reply).containsEntry("cmd", "heartbeat")
                        .containsEntry("msg", "too many commands (at most 5 a second)"));
        assertThat(ok + tooMany.size()).as("nothing read after the close frame").isLessThan(30);

        assertThat(refused(ClientRefusals.Kind.COMMAND_RATE)).isEqualTo(5);
        assertThat(refused(ClientRefusals.Kind.COMMAND_RATE_CLOSE)).isOne();
        assertThat(disconnectOf("noisy")).containsEntry("code", 4008).containsEntry("reason", "rate_limited");
    }

    @Test
    void anAddressPastItsConnectionRateGets429WithRetryAfterAndComesBackAfterIt() throws Exception {
        start(limits -> limits.ipConnectRate(1).ipConnectBurst(3));
        // The bystander was the first of 127.0.0.1's burst of 3.
        WsClient second = gateway.login("second");
        gateway.login("third");

        String refusedHead;
        try (RawWebSocket fourth = RawWebSocket.connect(gateway.server().clientAddress())) {
            fourth.write(RawWebSocket.upgradeRequest("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"));
            refusedHead = fourth.readHttpHead();
            assertThat(refusedHead).startsWith("HTTP/1.1 429");
            assertThat(fourth.readToEnd()).contains("too many connections from your address");
        }
        assertThatThrownBy(() -> WsClient.connectAsync(gateway.websocketUri()).get(WsClient.WAIT.toMillis(),
                TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(429));
        // Another address is counted apart: Linux answers for all of 127.0.0.0/8.
        try (RawWebSocket elsewhere = RawWebSocket.connect(gateway.server().clientAddress(),
                InetAddress.getByName("127.0.0.2"))) {
            elsewhere.write(RawWebSocket.upgradeRequest("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"));
            assertThat(elsewhere.readHttpHead()).startsWith("HTTP/1.1 101");
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("127.0.0.2 is not a loopback address here", e);
        }
        assertThat(second.request(Map.of("id", "1", "cmd", "heartbeat"))).containsEntry("code", 200);

        Matcher retryAfter = Pattern.compile("(?i)\r\nretry-after: (\\d+)\r\n").matcher(refusedHead);
        assertThat(retryAfter.find()).as("Retry-After in %s", refusedHead).isTrue();
        long seconds = Long.parseLong(retryAfter.group(1));
        assertThat(seconds).isBetween(1L, 2L);
        // Doing what the answer says: come back after Retry-After.
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        WsClient back = gateway.login("back");
        assertThat(back.request(Map.of("id", "1", "cmd", "heartbeat"))).containsEntry("code", 200);
        assertThat(refused(ClientRefusals.Kind.IP_CONNECT_RATE)).isEqualTo(2);
    }

    @Test
    void aSlowlorisAndAHalfOpenConnectionAreClosedAtTheHandshakeTimeout() throws InterruptedException {
        start(limits -> limits.handshakeTimeout(Duration.ofMillis(800)));
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (RawWebSocket slowloris = RawWebSocket.connect(gateway.server().clientAddress());
             RawWebSocket silent = RawWebSocket.connect(gateway.server().clientAddress())) {
            byte[] headers = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "X-Padding: " + "p".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int[] next = {0};
            // The attack: one byte of headers every 20 ms, never the blank line that ends them.
            trickler.scheduleAtFixedRate(() -> {
                if (next[0] < headers.length) {
                    try {
                        slowloris.write(new byte[] {headers[next[0]++]});
                    } catch (RuntimeException e) {
                        next[0] = headers.length; // closed by the node
                    }
                }
            }, 0, 20, TimeUnit.MILLISECONDS);

            String trickled = slowloris.readToEnd();
            String nothing = silent.readToEnd();

            // Both closed within WsClient.WAIT (the read's bound), while the trickle had 4 s more to go. A client
            // still writing when the node closes may see the connection reset instead of the 408 before it.
            assertThat(trickled).as("the slowloris's answer").satisfiesAnyOf(
                    text -> assertThat(text).startsWith("HTTP/1.1 408")
                            .contains("no whole upgrade request within 800ms"),
                    text -> assertThat(text).isEmpty());
            assertThat(nothing).startsWith("HTTP/1.1 408").contains("no whole upgrade request within 800ms");
        } finally {
            trickler.shutdownNow();
        }
        assertThat(refused(ClientRefusals.Kind.HANDSHAKE_TIMEOUT)).isEqualTo(2);
    }

    @Test
    void aRequestLineOrHeadersOverTheLimitAre414And431AndClosed() {
        start(limits -> limits.maxHeaderSizeBytes(4096));

        try (RawWebSocket longUrl = RawWebSocket.connect(gateway.server().clientAddress());
             RawWebSocket bigHeaders = RawWebSocket.connect(gateway.server().clientAddress());
             RawWebSocket manyHeaders = RawWebSocket.connect(gateway.server().clientAddress())) {
            longUrl.write(("GET /ws?token=" + "t".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            bigHeaders.write(RawWebSocket.upgradeRequest("Cookie: " + "c".repeat(5000) + "\r\n"));
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                many.append("X-H").append(i).append(": v\r\n");
            }
            manyHeaders.write(RawWebSocket.upgradeRequest(many.toString()));

            assertThat(longUrl.readHttpHead()).startsWith("HTTP/1.1 414");
            assertThat(longUrl.readToEnd()).contains("request line too long (at most 4096 bytes)");
            assertThat(bigHeaders.readHttpHead()).startsWith("HTTP/1.1 431");
            assertThat(bigHeaders.readToEnd()).contains("request headers too large (at most 4096 bytes)");
            assertThat(manyHeaders.readHttpHead()).startsWith("HTTP/1.1 431");
            manyHeaders.readToEnd();
        }
        // A request line just under the limit still logs in on the upgrade (padded with a parameter the node does
        // not read: a device is a name, at most 1,024 characters).
        String token = gateway.token("carol");
        WsClient carol = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=carol&token=" + token
                + "&device=" + "d".repeat(1000) + "&padding=" + "p".repeat(2000))));
        assertThat(carol.next()).containsEntry("code", 200);
        assertThat(refused(ClientRefusals.Kind.URI_TOO_LONG)).isOne();
        assertThat(refused(ClientRefusals.Kind.HEADERS_TOO_LARGE)).isEqualTo(2);
    }

    @Test
    void aBrowserFromAnOriginNotListedGets403AndClientsWithoutAnOriginAreLetIn() throws Exception {
        start(limits -> limits.allowedOrigins(List.of("https://app.example.com", "https://*.example.org")));

        WsClient app = gateway.track(WsClient.connectAsync(gateway.websocketUri(),
                Map.of("Origin", "https://app.example.com")).get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        WsClient sub = gateway.track(WsClient.connectAsync(gateway.websocketUri(),
                Map.of("Origin", "https://chat.example.org")).get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        app.login("app", gateway.token("app"), null);
        sub.login("sub", gateway.token("sub"), null);
        for (String origin : List.of("https://evil.example", "https://example.org", "http://app.example.com",
                "null")) {
            assertThatThrownBy(() -> WsClient.connectAsync(gateway.websocketUri(), Map.of("Origin", origin))
                    .get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as(origin).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                            .isEqualTo(403));
        }
        try (RawWebSocket raw = RawWebSocket.connect(gateway.server().clientAddress())) {
            raw.write(RawWebSocket.upgradeRequest("Origin: https://evil.example\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"));
            assertThat(raw.readHttpHead()).startsWith("HTTP/1.1 403");
            assertThat(raw.readToEnd()).contains("\"msg\":\"origin not allowed: https://evil.example\"");
        }
        // The bystander (the JDK's client sends no Origin) got in; it is checked after the test.
        assertThat(refused(ClientRefusals.Kind.ORIGIN)).isEqualTo(5);
    }

    @Test
    void aKickedClientReadsItsCloseFrameAndTheNodeClosesOnceTheClientAnswered() {
        start(limits -> limits);
        try (RawWebSocket kicked = gateway.rawLogin("kicked")) {
            gateway.api().post("/api/kick", Map.of("uid", "kicked")).expect(200);

            RawWebSocket.Frame close = kicked.next();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4003);
            long closeRead = System.nanoTime();
            kicked.expectOpenFor(Duration.ofMillis(200));

            kicked.write(RawWebSocket.frame(RawWebSocket.CLOSE, RawWebSocket.closeBody(4003, new byte[0])));

            kicked.expectEnd();
            assertThat(Duration.ofNanos(System.nanoTime() - closeRead))
                    .as("closed on the answer, not at the end of the 1 s linger").isLessThan(Duration.ofMillis(900));
        }
        assertThat(disconnectOf("kicked")).containsEntry("code", 4003).containsEntry("reason", "kicked");
    }

    @Test
    void aKickedClientThatNeverAnswersIsClosedAfterTheLinger() {
        start(limits -> limits);
        try (RawWebSocket kicked = gateway.rawLogin("mute")) {
            gateway.api().post("/api/kick", Map.of("uid", "mute")).expect(200);

            RawWebSocket.Frame close = kicked.next();
            assertThat(close.closeCode()).isEqualTo(4003);
            kicked.expectOpenFor(Duration.ofMillis(500));
            kicked.expectEnd();
        }
    }

    @Test
    void aClientThatHangsUpInTheMiddleOfAFragmentedMessageLeavesNoWarning() {
        start(limits -> limits);
        for (int i = 0; i < 3; i++) {
            try (RawWebSocket half = gateway.rawLogin("half" + i)) {
                half.write(RawWebSocket.frame(false, 0, RawWebSocket.TEXT, RawWebSocket.utf8("{\"id\":\"1\",")));
            }
            gateway.awaitOffline("half" + i);
        }
        assertThat(disconnectOf("half0")).containsEntry("code", 1006).containsEntry("reason", "client");
        // No warning, no stack trace: checked after each test.
    }

    /** The disconnect event of {@code uid}, waiting for it. */
    private Map<String, Object> disconnectOf(String uid) {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            TestHttpServer.Request request;
            try {
                request = backend.requests().poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (request == null) {
                break;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) JsonTree.parseObject(request.body())
                    .get("events");
            for (Map<String, Object> event : events) {
                if (uid.equals(event.get("uid")) && "disconnect".equals(event.get("event"))) {
                    return event;
                }
            }
        }
        throw new AssertionError("no disconnect event of " + uid + " within " + WsClient.WAIT);
    }
}
