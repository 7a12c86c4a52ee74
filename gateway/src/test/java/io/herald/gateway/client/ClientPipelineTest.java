package io.herald.gateway.client;

import io.herald.gateway.events.Events;
import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.ServerFrames;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.auth.DevelopmentTokenVerifier;
import io.herald.gateway.command.TestDispatchers;
import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.LoopFlusher;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.TestNodes;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.UniqueIds;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.herald.gateway.client.ClientPipeline.COMMAND_DECODER;
import static io.herald.gateway.client.ClientPipeline.COMMAND_DISPATCHER;
import static io.herald.gateway.client.ClientPipeline.HTTP_AGGREGATOR;
import static io.herald.gateway.client.ClientPipeline.HTTP_CODEC;
import static io.herald.gateway.client.ClientPipeline.HTTP_REQUESTS;
import static io.herald.gateway.client.ClientPipeline.KEEPALIVE;
import static io.herald.gateway.client.ClientPipeline.LOGIN_TIMEOUT;
import static io.herald.gateway.client.ClientPipeline.PING_IDLE;
import static io.herald.gateway.client.ClientPipeline.READ_TIMEOUT;
import static io.herald.gateway.client.ClientPipeline.SESSION;
import static io.herald.gateway.client.ClientPipeline.WEBSOCKET;
import static io.herald.gateway.client.ClientPipeline.WEBSOCKET_AGGREGATOR;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The whole client pipeline as {@link ClientChannelInitializer} builds it, driven over the wire: raw HTTP bytes
 * for the upgrade, then masked WebSocket frames in and unmasked ones out, the way a real client's bytes arrive.
 */
class ClientPipelineTest {

    private static final int MAX_FRAME_BYTES = 1024;
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    private final GatewayConfig config = GatewayConfig.builder().nodeId("n1").maxFrameBytes(MAX_FRAME_BYTES).build();
    private final SessionIndex sessions = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node("n1", sessions), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", sessions, cluster);
    private final ServerFrames frames = new ServerFrames(UnpooledByteBufAllocator.DEFAULT);
    private final ClientChannelInitializer initializer = initializer(config);

    private EmbeddedSocketChannel server = new EmbeddedSocketChannel(initializer);
    /** The client's side of the wire: masks what it sends, reads what the server sent. */
    private final EmbeddedChannel clientEncoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    private final EmbeddedChannel clientDecoder = new EmbeddedChannel(new WebSocket13FrameDecoder(
            WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));

    private ClientChannelInitializer initializer(GatewayConfig config) {
        return initializer(config, new ClientRefusals());
    }

    private ClientChannelInitializer initializer(GatewayConfig config, ClientRefusals refusals) {
        return new ClientChannelInitializer(config, new UniqueIds("n1"), new CommandReader(new Json()), frames,
                new LoopFlusher(), new Admission(config.maxConnections(), config.maxPendingLogins(),
                        config.clientLimits().ipConnectRate(), config.clientLimits().ipConnectBurst(), refusals),
                TestDispatchers.dispatcher(new DevelopmentTokenVerifier(), lifecycle, cluster.router(),
                        cluster.streams(), frames, "n1", 25),
                lifecycle, new HealthCheck("n1", sessions::size, java.util.Optional::empty), Events.none(),
                java.util.Optional.empty());
    }

    @AfterEach
    void finishClient() {
        assertFalse(clientEncoder.finish());
        assertFalse(clientDecoder.finish());
    }

    @Test
    void answersHealthzBeforeAnyUpgrade() {
        writeText("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");

        String response = readText();
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(response).endsWith("{\"code\":200,\"msg\":\"ok\",\"data\":{\"status\":\"ok\",\"node\":\"n1\","
                + "\"connections\":0}}");
        assertThat(Session.of(server).upgraded()).isFalse();
        closeBeforeUpgrade();
    }

    @Test
    void answersAnUnknownPath404() {
        writeText("GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(readText()).startsWith("HTTP/1.1 404 Not Found\r\n").contains("\"code\":404");
        closeBeforeUpgrade();
    }

    @Test
    void upgradeMarksTheSessionAndSwapsHttpForWebSocket() {
        assertThat(server.pipeline().names()).containsSubsequence(PING_IDLE, READ_TIMEOUT, HTTP_CODEC,
                HTTP_AGGREGATOR, HTTP_REQUESTS, WEBSOCKET, WEBSOCKET_AGGREGATOR, LOGIN_TIMEOUT, KEEPALIVE,
                COMMAND_DECODER, COMMAND_DISPATCHER, SESSION);

        upgrade();

        assertThat(Session.of(server).upgraded()).isTrue();
        assertThat(server.pipeline().names()).containsSubsequence(PING_IDLE, READ_TIMEOUT, WEBSOCKET,
                WEBSOCKET_AGGREGATOR, LOGIN_TIMEOUT, KEEPALIVE, COMMAND_DECODER, COMMAND_DISPATCHER, SESSION)
                .doesNotContain(HTTP_CODEC, HTTP_AGGREGATOR, HTTP_REQUESTS);
        closeAfterUpgrade();
    }

    @Test
    void logsInOverTheWire() {
        upgrade();

        send(new TextWebSocketFrame("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"alice\",\"token\":\"t\"}"));

        String reply = receiveText();
        assertThat(reply).startsWith("{\"id\":\"1\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\",\"data\":{\"conn\":\""
                + Session.of(server).conn() + "\",\"node\":\"n1\",\"heartbeat\":25,\"streams\":{\"user:alice\":{\"epoch\":")
                .contains(",\"all\":{\"epoch\":").endsWith(",\"seq\":0}},\"recovered\":true}}");
        assertThat(sessions.sessionsOf("alice")).containsExactly(Session.of(server));
        closeAfterUpgrade();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void answersABadFrame400AndStaysOpen() {
        upgrade();

        send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));

        assertThat(receiveText()).contains("\"code\":400").contains("binary frames are not supported");
        assertThat(server.isOpen()).isTrue();
        closeAfterUpgrade();
    }

    @Test
    void closesWith4002WithoutALogin() {
        upgrade();

        advance(config.loginTimeout().minusMillis(1));
        assertThat(receive()).isEmpty();

        advance(Duration.ofMillis(1));

        assertClosedAfterTheAnswer(4002);
    }

    @Test
    void aCloseOfTheNodesOwnClosesTheSocketAfterTheLingerWithoutAnAnswer() {
        upgrade();
        advance(config.loginTimeout());
        List<WebSocketFrame> received = receive();
        assertThat(received).hasSize(1).first().isInstanceOf(CloseWebSocketFrame.class);
        received.get(0).release();

        advance(Duration.ofMillis(Session.CLOSE_LINGER_MILLIS - 1));
        assertThat(server.isOpen()).isTrue();
        advance(Duration.ofMillis(1));

        assertThat(receive()).as("nothing more").isEmpty();
        assertThat(server.isOpen()).isFalse();
        assertFalse(server.finish());
    }

    @Test
    void pingsAnIdleClientThenClosesIt() {
        upgrade();
        logIn();

        advance(config.pingInterval().minusMillis(1));
        assertThat(receive()).isEmpty();
        advance(Duration.ofMillis(1));
        assertPinged();

        advance(config.pingInterval());
        assertPinged();
        advance(config.idleTimeout().minus(config.pingInterval().multipliedBy(2)).minusMillis(1));
        assertThat(receive()).isEmpty();
        assertThat(server.isOpen()).isTrue();

        advance(Duration.ofMillis(1));

        assertClosedWith(WebSocketCloseStatus.NORMAL_CLOSURE.code());
        assertThat(sessions.size()).isZero();
    }

    @Test
    void aPongCountsAsLife() {
        upgrade();
        logIn();
        advance(Duration.ofSeconds(20));

        send(new PongWebSocketFrame());
        advance(config.pingInterval().minusMillis(1));
        assertThat(receive()).isEmpty();

        advance(Duration.ofMillis(1));
        assertPinged();
        closeAfterUpgrade();
    }

    @Test
    void acceptsAMessageOfExactlyTheFrameLimit() {
        upgrade();
        String head = "{\"id\":\"2\",\"cmd\":\"heartbeat\",\"pad\":\"";
        String message = head + "x".repeat(MAX_FRAME_BYTES - head.length() - 2) + "\"}";
        assertThat(message).hasSize(MAX_FRAME_BYTES);

        send(new TextWebSocketFrame(message));

        assertThat(receiveText()).isEqualTo("{\"id\":\"2\",\"cmd\":\"heartbeat\",\"code\":200,\"msg\":\"ok\"}");
        closeAfterUpgrade();
    }

    @Test
    void closesWith1009OnAFrameOverTheLimit() {
        upgrade();

        send(new TextWebSocketFrame("x".repeat(MAX_FRAME_BYTES + 1)));

        assertFailedWith(1009);
    }

    @Test
    void failsWith1002OnACloseFrameWithAnInvalidCodeAndSendsNoOtherCloseFrame() {
        upgrade();

        send(new CloseWebSocketFrame(true, 0, Unpooled.buffer(2).writeShort(1005)));

        assertFailedWith(1002);
    }

    @Test
    void failsWith1002OnACloseReasonThatIsNotUtf8() {
        upgrade();

        send(new CloseWebSocketFrame(true, 0, Unpooled.buffer(4).writeShort(1000).writeByte(0xC0).writeByte(0x80)));

        assertFailedWith(1002);
    }

    @Test
    void answersAValidCloseFrameWithItsCodeOnce() {
        upgrade();

        send(new CloseWebSocketFrame(4321, "bye"));

        assertClosedWith(4321);
    }

    @Test
    void closesWith1009OnAFragmentedMessageOverTheLimit() {
        upgrade();
        int half = MAX_FRAME_BYTES / 2 + 1;

        send(new TextWebSocketFrame(false, 0, "{\"pad\":\"" + "x".repeat(half)));
        assertThat(server.isOpen()).isTrue();
        send(new ContinuationWebSocketFrame(true, 0, "x".repeat(half) + "\"}"));

        assertThat(assertClosedAfterTheAnswer(1009)).isEqualTo("frame too big");
    }

    @Test
    void answersAConnectionOverTheLimit503() {
        GatewayConfig limited = GatewayConfig.builder().nodeId("n1").maxConnections(1).build();
        ClientChannelInitializer initializer = initializer(limited);
        EmbeddedSocketChannel first = new EmbeddedSocketChannel(initializer);
        EmbeddedSocketChannel second = new EmbeddedSocketChannel(initializer);

        second.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));

        String refused = readText(second);
        assertThat(refused).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                .endsWith("{\"code\":503,\"msg\":\"too many connections\",\"data\":null}");
        assertClosedBeforeUpgrade(second);

        first.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));
        assertThat(readText(first)).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        first.close();
        readText(first);
        assertFalse(first.finish());

        EmbeddedSocketChannel third = new EmbeddedSocketChannel(initializer);
        third.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));
        assertThat(readText(third)).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        third.close();
        readText(third);
        assertFalse(third.finish());
        closeBeforeUpgrade();
    }

    @Test
    void commandsPastTheRateAre429ThenTheConnectionIs4008() {
        EmbeddedSocketChannel limited = new EmbeddedSocketChannel(initializer(GatewayConfig.builder().nodeId("n1")
                .clientLimits(ClientLimits.builder().commandRate(2).build()).build()));
        EmbeddedSocketChannel original = swapServer(limited);
        try {
            upgrade();
            logIn(); // the first of the two a second
            send(new TextWebSocketFrame("{\"id\":\"h1\",\"cmd\":\"heartbeat\"}"));
            assertThat(receiveText()).contains("\"code\":200");
            send(new TextWebSocketFrame("{\"cmd\":\"ack\",\"id\":\"m-1\"}")); // acks are not counted

            send(new TextWebSocketFrame("{\"id\":\"h2\",\"cmd\":\"heartbeat\"}"));
            assertThat(receiveText()).isEqualTo("{\"id\":\"h2\",\"cmd\":\"heartbeat\",\"code\":429,"
                    + "\"msg\":\"too many commands (at most 2 a second)\"}");
            advance(Duration.ofMillis(500)); // one more command's worth
            send(new TextWebSocketFrame("{\"id\":\"h3\",\"cmd\":\"heartbeat\"}"));
            assertThat(receiveText()).contains("\"code\":200");
            send(new TextWebSocketFrame("{\"id\":\"h4\",\"cmd\":\"heartbeat\"}"));
            assertThat(receiveText()).contains("\"code\":429");

            // The third refusal within the window (more than the rate's 2) closes the connection.
            send(new TextWebSocketFrame("{\"id\":\"h5\",\"cmd\":\"heartbeat\"}"));
            assertThat(assertClosedAfterTheAnswer(4008)).isEqualTo("rate limited");
        } finally {
            swapServer(original);
            closeBeforeUpgrade();
        }
    }

    @Test
    void anUpgradeRequestNotWholeWithinTheHandshakeTimeoutIs408AndClosed() {
        ClientRefusals refusals = new ClientRefusals();
        EmbeddedSocketChannel slow = new EmbeddedSocketChannel(initializer(GatewayConfig.builder().nodeId("n1")
                .loginTimeout(Duration.ofSeconds(30))
                .clientLimits(ClientLimits.builder().handshakeTimeout(Duration.ofSeconds(2)).build()).build(),
                refusals));
        slow.writeInbound(Unpooled.copiedBuffer("GET /ws HTTP/1.1\r\nHost: local", StandardCharsets.US_ASCII));
        slow.advanceTimeBy(1999, MILLISECONDS);
        slow.runScheduledPendingTasks();
        slow.writeInbound(Unpooled.copiedBuffer("host\r\nUpgrade: websocket\r\n", StandardCharsets.US_ASCII));
        assertThat(readText(slow)).isEmpty();
        assertThat(slow.isOpen()).isTrue();

        slow.advanceTimeBy(1, MILLISECONDS);
        slow.runScheduledPendingTasks();

        assertThat(readText(slow)).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .endsWith("{\"code\":408,\"msg\":\"no whole upgrade request within 2000ms\",\"data\":null}");
        assertClosedBeforeUpgrade(slow);
        assertThat(refusals.count(ClientRefusals.Kind.HANDSHAKE_TIMEOUT)).isOne();
        closeBeforeUpgrade();
    }

    @Test
    void theHandshakeTimeoutEndsWithAWholeUpgradeRequest() {
        EmbeddedSocketChannel quick = new EmbeddedSocketChannel(initializer(GatewayConfig.builder().nodeId("n1")
                .loginTimeout(Duration.ofSeconds(30))
                .clientLimits(ClientLimits.builder().handshakeTimeout(Duration.ofSeconds(2)).build()).build()));
        quick.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));
        assertThat(readText(quick)).startsWith("HTTP/1.1 101");
        assertThat(quick.pipeline().get(ClientPipeline.HANDSHAKE_TIMEOUT)).isNull();

        quick.advanceTimeBy(10, java.util.concurrent.TimeUnit.SECONDS);
        quick.runScheduledPendingTasks();

        assertThat(quick.isOpen()).isTrue();
        assertThat((Object) quick.readOutbound()).isNull();
        quick.close();
        quick.releaseOutbound();
        assertFalse(quick.finish());
        closeBeforeUpgrade();
    }

    @Test
    void aRequestLineOverTheLimitIs414AndHeadersOverItAre431() {
        ClientRefusals refusals = new ClientRefusals();
        GatewayConfig small = GatewayConfig.builder().nodeId("n1")
                .clientLimits(ClientLimits.builder().maxHeaderSizeBytes(1024).build()).build();
        EmbeddedSocketChannel longUrl = new EmbeddedSocketChannel(initializer(small, refusals));
        EmbeddedSocketChannel bigHeaders = new EmbeddedSocketChannel(initializer(small, refusals));
        EmbeddedSocketChannel justUnder = new EmbeddedSocketChannel(initializer(small, refusals));

        longUrl.writeInbound(Unpooled.copiedBuffer("GET /ws?token=" + "t".repeat(1100) + " HTTP/1.1\r\n",
                StandardCharsets.US_ASCII));
        bigHeaders.writeInbound(Unpooled.copiedBuffer("GET /ws HTTP/1.1\r\nHost: localhost\r\nCookie: "
                + "c".repeat(1100) + "\r\n\r\n", StandardCharsets.US_ASCII));
        justUnder.writeInbound(Unpooled.copiedBuffer(UPGRADE.replace("Host: localhost:8080\r\n",
                "Host: localhost:8080\r\nCookie: " + "c".repeat(700) + "\r\n"), StandardCharsets.US_ASCII));

        assertThat(readText(longUrl)).startsWith("HTTP/1.1 414 Request-URI Too Long\r\n")
                .endsWith("{\"code\":414,\"msg\":\"request line too long (at most 1024 bytes)\",\"data\":null}");
        assertClosedBeforeUpgrade(longUrl);
        assertThat(readText(bigHeaders)).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
                .endsWith("{\"code\":431,\"msg\":\"request headers too large (at most 1024 bytes)\","
                        + "\"data\":null}");
        assertClosedBeforeUpgrade(bigHeaders);
        assertThat(readText(justUnder)).startsWith("HTTP/1.1 101");
        justUnder.close();
        justUnder.releaseOutbound();
        assertFalse(justUnder.finish());
        assertThat(refusals.count(ClientRefusals.Kind.URI_TOO_LONG)).isOne();
        assertThat(refusals.count(ClientRefusals.Kind.HEADERS_TOO_LARGE)).isOne();
        closeBeforeUpgrade();
    }

    @Test
    void anUpgradeFromAnOriginNotListedIs403AndOneWithoutAnOriginIsLetIn() {
        ClientRefusals refusals = new ClientRefusals();
        GatewayConfig listed = GatewayConfig.builder().nodeId("n1")
                .clientLimits(ClientLimits.builder().allowedOrigins(List.of("https://app.example.com")).build())
                .build();
        EmbeddedSocketChannel stranger = new EmbeddedSocketChannel(initializer(listed, refusals));
        EmbeddedSocketChannel app = new EmbeddedSocketChannel(initializer(listed, refusals));
        EmbeddedSocketChannel noBrowser = new EmbeddedSocketChannel(initializer(listed, refusals));

        stranger.writeInbound(Unpooled.copiedBuffer(UPGRADE.replace("\r\n\r\n",
                "\r\nOrigin: https://evil.example\r\n\r\n"), StandardCharsets.US_ASCII));
        app.writeInbound(Unpooled.copiedBuffer(UPGRADE.replace("\r\n\r\n",
                "\r\nOrigin: https://app.example.com\r\n\r\n"), StandardCharsets.US_ASCII));
        noBrowser.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));

        assertThat(readText(stranger)).startsWith("HTTP/1.1 403 Forbidden\r\n")
                .endsWith("{\"code\":403,\"msg\":\"origin not allowed: https://evil.example\",\"data\":null}");
        assertClosedBeforeUpgrade(stranger);
        for (EmbeddedSocketChannel allowed : List.of(app, noBrowser)) {
            assertThat(readText(allowed)).startsWith("HTTP/1.1 101");
            allowed.close();
            allowed.releaseOutbound();
            assertFalse(allowed.finish());
        }
        assertThat(refusals.count(ClientRefusals.Kind.ORIGIN)).isOne();
        closeBeforeUpgrade();
    }

    @Test
    void connectionsPastTheirAddressesRateAre429WithRetryAfterBeforeAnyHandshake() {
        ClientRefusals refusals = new ClientRefusals();
        ClientChannelInitializer limited = initializer(GatewayConfig.builder().nodeId("n1").maxConnections(1)
                .clientLimits(ClientLimits.builder().ipConnectRate(1).ipConnectBurst(1).build()).build(), refusals);
        EmbeddedSocketChannel first = new EmbeddedSocketChannel(limited);
        EmbeddedSocketChannel second = new EmbeddedSocketChannel(limited);

        second.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));
        first.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));

        assertThat(readText(second)).startsWith("HTTP/1.1 429 Too Many Requests\r\n")
                .containsIgnoringCase("\r\nretry-after: 1\r\n")
                .endsWith("{\"code\":429,\"msg\":\"too many connections from your address, retry after 1s\","
                        + "\"data\":null}");
        assertClosedBeforeUpgrade(second);
        assertThat(readText(first)).as("the refused one took no place among the connections")
                .startsWith("HTTP/1.1 101");
        first.close();
        first.releaseOutbound();
        assertFalse(first.finish());
        assertThat(refusals.count(ClientRefusals.Kind.IP_CONNECT_RATE)).isOne();
        closeBeforeUpgrade();
    }

    /** Makes {@code replacement} the server the helpers talk to; returns the one before. */
    private EmbeddedSocketChannel swapServer(EmbeddedSocketChannel replacement) {
        EmbeddedSocketChannel before = server;
        server = replacement;
        return before;
    }

    /** Closes an upgraded connection from the server's side: Netty sends a normal closure first. */
    private void closeAfterUpgrade() {
        server.close();
        assertClosedWith(WebSocketCloseStatus.NORMAL_CLOSURE.code());
    }

    /**
     * Closes a connection before any upgrade and checks that no bytes reach the wire. Netty's WebSocket handler
     * also writes a close frame object here, which passes the HTTP encoder untouched and which a socket refuses
     * (only buffers and file regions go on the wire); it is released like the socket would.
     */
    private void closeBeforeUpgrade() {
        server.close();
        assertClosedBeforeUpgrade(server);
    }

    private static void assertClosedBeforeUpgrade(EmbeddedChannel ch) {
        Object left;
        while ((left = ch.readOutbound()) != null) {
            boolean bytes = left instanceof ByteBuf;
            ReferenceCountUtil.release(left);
            assertThat(bytes).as("bytes on the wire after close").isFalse();
        }
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    private void upgrade() {
        writeText(UPGRADE);
        String response = readText();
        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .containsIgnoringCase("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    private void logIn() {
        send(new TextWebSocketFrame("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"alice\",\"token\":\"t\"}"));
        assertThat(receiveText()).contains("\"code\":200");
    }

    private void advance(Duration by) {
        server.advanceTimeBy(by.toMillis(), MILLISECONDS);
        server.runScheduledPendingTasks();
    }

    private void writeText(String text) {
        server.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    /** Everything the server wrote so far, as text; for the HTTP phase. */
    private String readText() {
        return readText(server);
    }

    /** The bytes the server wrote so far, as text, up to anything that is not bytes. */
    private static String readText(EmbeddedChannel ch) {
        StringBuilder text = new StringBuilder();
        while (ch.outboundMessages().peek() instanceof ByteBuf) {
            ByteBuf buf = ch.readOutbound();
            text.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return text.toString();
    }

    private void send(WebSocketFrame frame) {
        assertThat(clientEncoder.writeOutbound(frame)).isTrue();
        List<Object> bytes = new ArrayList<>();
        Object buf;
        while ((buf = clientEncoder.readOutbound()) != null) {
            bytes.add(buf);
        }
        server.writeInbound(bytes.toArray());
        assertThat(server.inboundMessages()).as("nothing reaches the tail").isEmpty();
    }

    /** The frames the server wrote since the last call, decoded as the client would. */
    private List<WebSocketFrame> receive() {
        ByteBuf buf;
        while ((buf = server.readOutbound()) != null) {
            clientDecoder.writeInbound(buf);
        }
        List<WebSocketFrame> received = new ArrayList<>();
        WebSocketFrame frame;
        while ((frame = clientDecoder.readInbound()) != null) {
            received.add(frame);
        }
        return received;
    }

    private String receiveText() {
        List<WebSocketFrame> received = receive();
        assertThat(received).hasSize(1).first().isInstanceOf(TextWebSocketFrame.class);
        TextWebSocketFrame frame = (TextWebSocketFrame) received.get(0);
        String text = frame.text();
        frame.release();
        return text;
    }

    private void assertPinged() {
        List<WebSocketFrame> received = receive();
        assertThat(received).hasSize(1).first().isInstanceOf(PingWebSocketFrame.class);
        received.get(0).release();
    }

    /**
     * Checks that the connection failed with one close frame of that code, and that its socket closes after the
     * linger at the latest, with nothing more sent.
     */
    private void assertFailedWith(int code) {
        List<WebSocketFrame> received = receive();
        assertThat(received).hasSize(1).first().isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) received.get(0)).statusCode()).isEqualTo(code);
        received.get(0).release();
        advance(Duration.ofMillis(Session.CLOSE_LINGER_MILLIS));
        assertThat(receive()).as("nothing after the close frame").isEmpty();
        assertThat(server.isOpen()).isFalse();
        assertFalse(server.finish());
    }

    /** Checks that the connection was closed with a close frame of that code; returns the frame's reason. */
    private String assertClosedWith(int code) {
        List<WebSocketFrame> received = receive();
        assertThat(received).hasSize(1).first().isInstanceOf(CloseWebSocketFrame.class);
        CloseWebSocketFrame close = (CloseWebSocketFrame) received.get(0);
        assertThat(close.statusCode()).isEqualTo(code);
        String reason = close.reasonText();
        close.release();
        assertThat(server.isOpen()).isFalse();
        assertFalse(server.finish());
        return reason;
    }

    /**
     * Checks that the node closed the connection with a close frame of that code, then waited for the client's answer
     * (less than the linger), and closed the socket once it came, sending nothing more; returns the frame's reason.
     */
    private String assertClosedAfterTheAnswer(int code) {
        List<WebSocketFrame> received = receive();
        assertThat(received).hasSize(1).first().isInstanceOf(CloseWebSocketFrame.class);
        CloseWebSocketFrame close = (CloseWebSocketFrame) received.get(0);
        assertThat(close.statusCode()).isEqualTo(code);
        String reason = close.reasonText();
        close.release();
        advance(Duration.ofMillis(Session.CLOSE_LINGER_MILLIS - 1));
        assertThat(server.isOpen()).as("waiting for the client's answer").isTrue();

        send(new CloseWebSocketFrame(code, ""));

        assertThat(receive()).as("nothing after the close frame, no second one").isEmpty();
        assertThat(server.isOpen()).as("closed once the client answered").isFalse();
        assertFalse(server.finish());
        return reason;
    }
}
