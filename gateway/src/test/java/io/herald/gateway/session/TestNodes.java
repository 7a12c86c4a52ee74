package io.herald.gateway.session;

import io.netty.channel.embedded.EmbeddedChannel;

/** Builds the node side of tests that drive channels by hand: timers on an embedded loop, run when the test runs it. */
public final class TestNodes {

    private TestNodes() {
    }

    /** A node whose API is at 127.0.0.1:8081, indexing into {@code sessions}. */
    public static GatewayNode node(String id, SessionIndex sessions) {
        return new GatewayNode(id, () -> "127.0.0.1:8081", sessions, new EmbeddedChannel().eventLoop());
    }
}
