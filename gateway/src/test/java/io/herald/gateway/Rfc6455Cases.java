package io.herald.gateway;

import io.herald.gateway.client.ClientLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the RFC 6455 conformance tests share, family by family (the way the Autobahn|Testsuite checks a server):
 * a node, a raw client per case ({@link RawWebSocket}) logged in as {@code alice}, and a bystander on an ordinary
 * client whose connection must keep working whatever a case did to its own.
 */
abstract class Rfc6455Cases {

    /** Large enough for a frame with a 64-bit length. */
    static final int MAX_FRAME_BYTES = 128 * 1024;

    GatewayFixture gateway;
    RawWebSocket raw;
    private WsClient bystander;

    @BeforeEach
    void start() {
        // Framing cases, not limits: a batch of 200 commands in one write would meet the command rate (ClientLimitsIT).
        gateway = GatewayFixture.start(settings -> settings.maxFrameBytes(MAX_FRAME_BYTES)
                .clientLimits(ClientLimits.builder().commandRate(0).build()));
        bystander = gateway.login("bystander");
        raw = gateway.rawLogin("alice");
    }

    @AfterEach
    void stop() {
        try {
            raw.close();
            assertThat(bystander.request(Map.of("id", "still", "cmd", "heartbeat")))
                    .as("another connection still works").containsEntry("code", 200);
        } finally {
            gateway.close();
        }
    }

    /** A heartbeat command as UTF-8, with the given id. */
    static byte[] heartbeat(String id) {
        return RawWebSocket.utf8("{\"id\":\"" + id + "\",\"cmd\":\"heartbeat\"}");
    }

    /** Expects the reply to the heartbeat {@code id} as the next frame. */
    void expectHeartbeatReply(String id) {
        assertThat(raw.nextJson()).containsEntry("id", id).containsEntry("cmd", "heartbeat").containsEntry("code", 200);
    }

    /** Expects the node to fail the connection with {@code code}: one close frame, then the end. */
    void expectFailure(int code) {
        assertThat(raw.expectClose().closeCode()).as("close code").isEqualTo(code);
    }
}
