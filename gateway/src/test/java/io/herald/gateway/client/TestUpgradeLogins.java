package io.herald.gateway.client;

import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.ServerFrames;
import io.herald.gateway.auth.DevelopmentTokenVerifier;
import io.herald.gateway.command.TestDispatchers;
import io.herald.gateway.events.Events;
import io.herald.gateway.session.SessionLifecycle;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;

/** Upgrade logins for tests of one handler: any token is accepted (development mode). */
final class TestUpgradeLogins {

    private TestUpgradeLogins() {
    }

    static UpgradeLogin upgradeLogin(SessionLifecycle lifecycle) {
        return new UpgradeLogin(new CommandReader(new Json()), TestDispatchers.dispatcher(
                new DevelopmentTokenVerifier(), lifecycle, null, null,
                new ServerFrames(UnpooledByteBufAllocator.DEFAULT), "n1", 25).login());
    }

    /** The tail of the pipeline with upgrade logins as above, reporting no events. */
    static SessionHandler sessionHandler(SessionLifecycle lifecycle) {
        return new SessionHandler(lifecycle, upgradeLogin(lifecycle), Events.none(),
                WebSocketDecoderConfig.newBuilder().build());
    }
}
