package io.herald.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a node: every connected client is told to go elsewhere with close code 1001.
 */
class ShutdownIT {

    @Test
    void closingTheServerClosesEveryClientWith1001() {
        WsClient alice;
        WsClient aliceToo;
        WsClient bob;
        try (GatewayFixture gateway = GatewayFixture.start()) {
            alice = gateway.login("alice");
            aliceToo = gateway.login("alice");
            bob = gateway.login("bob");
        }

        assertThat(alice.awaitClose()).isEqualTo(1001);
        assertThat(aliceToo.awaitClose()).isEqualTo(1001);
        assertThat(bob.awaitClose()).isEqualTo(1001);
    }

    @Test
    void closingTheServerClosesAClientThatHasNotLoggedInWith1001() {
        WsClient anonymous;
        try (GatewayFixture gateway = GatewayFixture.start()) {
            anonymous = gateway.connect();
            gateway.login("alice");
        }

        assertThat(anonymous.awaitClose()).isEqualTo(1001);
    }
}
