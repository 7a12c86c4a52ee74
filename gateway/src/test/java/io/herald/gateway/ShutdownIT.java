package io.herald.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a node: every connected client is told to go elsewhere with close code 1001.
 */
class ShutdownIT {

    @Test
    void closingTheServerClosesEveryClientWith1001() {
        try (GatewayFixture gateway = GatewayFixture.start()) {
            WsClient alice = gateway.login("alice");
            WsClient aliceToo = gateway.login("alice");
            WsClient bob = gateway.login("bob");

            gateway.stopServer();

            assertThat(alice.awaitClose()).isEqualTo(1001);
            assertThat(aliceToo.awaitClose()).isEqualTo(1001);
            assertThat(bob.awaitClose()).isEqualTo(1001);
        }
    }

    @Test
    void closingTheServerClosesAClientThatHasNotLoggedInWith1001() {
        try (GatewayFixture gateway = GatewayFixture.start()) {
            WsClient anonymous = gateway.connect();
            gateway.login("alice");

            gateway.stopServer();

            assertThat(anonymous.awaitClose()).isEqualTo(1001);
        }
    }
}
