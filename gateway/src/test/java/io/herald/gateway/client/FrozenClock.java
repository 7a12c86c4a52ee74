package io.herald.gateway.client;

import io.herald.gateway.session.Session;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Builds {@link EmbeddedChannel}s whose virtual clock is frozen before any handler under test is added, so
 * that every timer the handlers schedule starts at the same instant and {@code advanceTimeBy} is exact. The
 * clock can only be frozen once the channel is registered, so the freeze runs in an initializer, the way
 * {@link ClientChannelInitializer} runs at registration; the channel then turns active, as a socket does.
 */
final class FrozenClock {

    private FrozenClock() {
    }

    /** A channel holding {@code handlers}, with a session under {@link Session#KEY}, upgraded or not. */
    static EmbeddedChannel channel(boolean upgraded, ChannelHandler... handlers) {
        return EmbeddedChannel.builder().handlers(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ((EmbeddedChannel) ch).freezeTime();
                Session session = new Session(ch, "c-1");
                if (upgraded) {
                    session.markUpgraded();
                }
                ch.attr(Session.KEY).set(session);
                ch.pipeline().addLast(handlers);
            }
        }).build();
    }

    /** The first handler of a channel: freezes its clock before the handlers after it are added. */
    static ChannelHandler freezer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ((EmbeddedChannel) ch).freezeTime();
            }
        };
    }
}
