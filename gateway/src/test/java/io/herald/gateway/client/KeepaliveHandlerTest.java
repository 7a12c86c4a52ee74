package io.herald.gateway.client;

import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.TestNodes;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The keepalive handlers as {@link ClientChannelInitializer} orders them: idle-state at the ping interval and
 * read timeout at the idle timeout at the head, then {@link KeepaliveHandler}, then {@link SessionHandler}.
 */
class KeepaliveHandlerTest {

    private static final Duration PING_INTERVAL = Duration.ofSeconds(25);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final SessionIndex sessions = new SessionIndex();
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", sessions,
            new InMemoryCluster(TestNodes.node("n1", sessions), ClusterConfig.builder().build()));

    @Test
    void pingsAfterThePingIntervalOfReadSilenceAndNotBefore() {
        EmbeddedChannel ch = channel(true);

        advance(ch, PING_INTERVAL.minusMillis(1));
        assertThat((Object) ch.readOutbound()).isNull();

        advance(ch, Duration.ofMillis(1));
        assertPinged(ch);
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void anyReadPutsThePingOff() {
        EmbeddedChannel ch = channel(true);

        advance(ch, Duration.ofSeconds(20));
        read(ch);
        advance(ch, PING_INTERVAL.minusMillis(1));
        assertThat((Object) ch.readOutbound()).isNull();

        advance(ch, Duration.ofMillis(1));
        assertPinged(ch);
        assertFalse(ch.finish());
    }

    @Test
    void pingsAgainEachIntervalThenClosesAtTheIdleTimeout() {
        EmbeddedChannel ch = channel(true);

        assertThat(pingsDuring(ch, IDLE_TIMEOUT.minusMillis(1))).isEqualTo(2);
        assertThat(ch.isOpen()).isTrue();

        advance(ch, Duration.ofMillis(1));

        assertThat(ch.isOpen()).isFalse();
        ch.checkException();
        assertFalse(ch.finish());
    }

    @Test
    void anyReadPutsTheIdleTimeoutOff() {
        EmbeddedChannel ch = channel(true);

        assertThat(pingsDuring(ch, IDLE_TIMEOUT.minusSeconds(1))).isEqualTo(2);
        read(ch);
        assertThat(pingsDuring(ch, IDLE_TIMEOUT.minusMillis(1))).isEqualTo(2);
        assertThat(ch.isOpen()).isTrue();

        advance(ch, Duration.ofMillis(1));

        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void doesNotPingBeforeTheUpgradeButStillTimesOut() {
        EmbeddedChannel ch = channel(false);

        advance(ch, PING_INTERVAL);
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();

        advance(ch, IDLE_TIMEOUT.minus(PING_INTERVAL));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void passesOtherEventsOn() {
        EmbeddedChannel ch = channel(true);
        List<Object> events = new ArrayList<>();
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        Object custom = new Object();

        ch.pipeline().fireUserEventTriggered(custom);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);

        assertThat(events).containsExactly(custom, IdleStateEvent.WRITER_IDLE_STATE_EVENT);
        assertPinged(ch);
        assertFalse(ch.finish());
    }

    private EmbeddedChannel channel(boolean upgraded) {
        return FrozenClock.channel(upgraded,
                new IdleStateHandler(PING_INTERVAL.toNanos(), 0, 0, NANOSECONDS),
                new ReadTimeoutHandler(IDLE_TIMEOUT.toNanos(), NANOSECONDS),
                new KeepaliveHandler(),
                TestUpgradeLogins.sessionHandler(lifecycle));
    }

    private static void advance(EmbeddedChannel ch, Duration by) {
        ch.advanceTimeBy(by.toMillis(), MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    /** Moves the clock a second at a time, as a running event loop would see it; counts the pings sent. */
    private static int pingsDuring(EmbeddedChannel ch, Duration span) {
        int pings = 0;
        Duration left = span;
        while (!left.isZero()) {
            Duration step = left.compareTo(Duration.ofSeconds(1)) < 0 ? left : Duration.ofSeconds(1);
            advance(ch, step);
            left = left.minus(step);
            Object sent;
            while ((sent = ch.readOutbound()) != null) {
                assertThat(sent).isInstanceOf(PingWebSocketFrame.class);
                ((PingWebSocketFrame) sent).release();
                pings++;
            }
        }
        return pings;
    }

    private static void read(EmbeddedChannel ch) {
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))).isTrue();
        ByteBuf passedOn = ch.readInbound();
        passedOn.release();
    }

    private static void assertPinged(EmbeddedChannel ch) {
        Object ping = ch.readOutbound();
        assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
        ((PingWebSocketFrame) ping).release();
    }
}
