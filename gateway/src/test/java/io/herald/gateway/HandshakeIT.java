package io.herald.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opening handshake as strangers get it wrong: a version other than 13 is answered 426 naming the version the
 * node speaks, a request without its key 400, bytes that are not HTTP with a closed connection; none of them leaves
 * a stack trace or a warning in the log, and the node keeps serving its clients.
 */
class HandshakeIT {

    private GatewayFixture gateway;
    private WsClient bystander;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        log.setContext(root.getLoggerContext());
        log.start();
        root.addAppender(log);
        gateway = GatewayFixture.start();
        bystander = gateway.login("bystander");
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bystander.request(Map.of("id", "still", "cmd", "heartbeat")))
                    .as("another connection still works").containsEntry("code", 200);
            synchronized (log) {
                assertThat(log.list).as("nothing logged at WARN or above, no stack trace")
                        .filteredOn(event -> event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)
                                || event.getThrowableProxy() != null)
                        .isEmpty();
            }
        } finally {
            gateway.close();
            root.detachAppender(log);
            log.stop();
        }
    }

    private RawWebSocket connect() {
        return RawWebSocket.connect(gateway.server().clientAddress());
    }

    @Test
    void aVersionOtherThan13IsAnswered426NamingVersion13() {
        try (RawWebSocket raw = connect()) {
            raw.write(RawWebSocket.upgradeRequest("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 8\r\n"));

            String head = raw.readHttpHead();
            assertThat(head).startsWith("HTTP/1.1 426").containsIgnoringCase("\r\nSec-WebSocket-Version: 13\r\n");
        }
    }

    @Test
    void anUpgradeWithoutAVersionIsAnswered426NamingVersion13() {
        try (RawWebSocket raw = connect()) {
            raw.write(RawWebSocket.upgradeRequest("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));

            String head = raw.readHttpHead();
            assertThat(head).startsWith("HTTP/1.1 426").containsIgnoringCase("\r\nSec-WebSocket-Version: 13\r\n");
        }
    }

    @Test
    void anUpgradeWithoutItsKeyIsAnswered400() {
        try (RawWebSocket raw = connect()) {
            raw.write(RawWebSocket.upgradeRequest("Sec-WebSocket-Version: 13\r\n"));

            assertThat(raw.readHttpHead()).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void anUpgradeWithoutTheUpgradeHeadersIsAnswered400() {
        try (RawWebSocket raw = connect()) {
            raw.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            assertThat(raw.readHttpHead()).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void bytesThatAreNotHttpCloseTheConnection() {
        try (RawWebSocket raw = connect()) {
            raw.write("\u0000\u00ff garbage, not HTTP \u0001\u0002\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

            String answer = raw.readToEnd();
            assertThat(answer).as("nothing or an error status, then the end").satisfiesAnyOf(
                    text -> assertThat(text).isEmpty(), text -> assertThat(text).startsWith("HTTP/1.1 4"));
        }
    }

    @Test
    void aTlsHelloOnThePlainPortClosesTheConnection() {
        byte[] clientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xA5, 0x01, 0x00, 0x00, (byte) 0xA1, 0x03, 0x03};
        try (RawWebSocket raw = connect()) {
            raw.write(clientHello);

            String answer = raw.readToEnd();
            assertThat(answer).as("nothing or an error status, then the end").satisfiesAnyOf(
                    text -> assertThat(text).isEmpty(), text -> assertThat(text).startsWith("HTTP/1.1 4"));
        }
    }

    @Test
    void aWebSocketFrameBeforeAnyHandshakeClosesTheConnection() {
        try (RawWebSocket raw = connect()) {
            raw.write(RawWebSocket.frame(RawWebSocket.TEXT, Rfc6455Cases.heartbeat("early")));

            String answer = raw.readToEnd();
            assertThat(answer).as("nothing or an error status, then the end").satisfiesAnyOf(
                    text -> assertThat(text).isEmpty(), text -> assertThat(text).startsWith("HTTP/1.1 4"));
        }
    }
}
