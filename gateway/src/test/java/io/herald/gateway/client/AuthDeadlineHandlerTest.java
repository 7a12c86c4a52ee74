package io.herald.gateway.client;

import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.TestNodes;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AuthDeadlineHandlerTest {

    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(5);

    private final SessionIndex sessions = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node("n1", sessions), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", sessions, cluster);
    /** The wall clock token expiries are read against, moved with the channel's clock. */
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-03T12:00:00Z"));

    @Test
    void closesAnUpgradedConnectionThatDidNotLogInWith4002() {
        EmbeddedChannel ch = channel(true);

        advance(ch, LOGIN_TIMEOUT.minusMillis(1));
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();

        advance(ch, Duration.ofMillis(1));

        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4002);
        assertThat(close.reasonText()).isEqualTo("login timeout");
        close.release();
        advance(ch, Duration.ofMillis(Session.CLOSE_LINGER_MILLIS));
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void closesTheSocketOfAConnectionNotUpgradedYet() {
        EmbeddedChannel ch = channel(false);

        advance(ch, LOGIN_TIMEOUT.minusMillis(1));
        assertThat(ch.isOpen()).isTrue();

        advance(ch, Duration.ofMillis(1));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void leavesALoggedInConnectionAlone() {
        EmbeddedChannel ch = channel(true);
        Session session = Session.of(ch);
        advance(ch, Duration.ofSeconds(1));

        lifecycle.logIn(session, new TokenClaims("alice", Set.of(), false), "web", Map.of());
        advance(ch, LOGIN_TIMEOUT.multipliedBy(3));

        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(sessions.connection(session.conn())).isSameAs(session);
        // Its work done, the handler is gone from the idle connection's pipeline.
        assertThat(ch.pipeline().get(AuthDeadlineHandler.class)).isNull();

        assertFalse(ch.finish());
        assertThat(sessions.size()).isZero();
    }

    @Test
    void letsGoOnceALoginWasReadWhoseCheckHasItsOwnBound() {
        EmbeddedChannel ch = channel(true);
        advance(ch, Duration.ofSeconds(1));

        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_READ);
        advance(ch, LOGIN_TIMEOUT.multipliedBy(3));

        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void closesWith4001WhenTheTokenExpires() {
        EmbeddedChannel ch = channel(true);
        advance(ch, Duration.ofSeconds(1));

        logIn(ch, clock.instant().plusSeconds(60));
        advance(ch, Duration.ofSeconds(60).minusMillis(1));
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();

        advance(ch, Duration.ofMillis(1));

        assertClosedUnauthorized(ch);
    }

    @Test
    void aRefreshToALaterExpiryKeepsTheConnectionUntilThen() {
        EmbeddedChannel ch = channel(true);
        logIn(ch, clock.instant().plusSeconds(60));
        advance(ch, Duration.ofSeconds(30));

        refresh(ch, clock.instant().plusSeconds(90));
        advance(ch, Duration.ofSeconds(60));
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();
        advance(ch, Duration.ofSeconds(30).minusMillis(1));
        assertThat(ch.isOpen()).isTrue();

        advance(ch, Duration.ofMillis(1));

        assertClosedUnauthorized(ch);
    }

    @Test
    void aRefreshToAnEarlierExpiryClosesItThen() {
        EmbeddedChannel ch = channel(true);
        logIn(ch, clock.instant().plusSeconds(60));

        refresh(ch, clock.instant().plusSeconds(10));
        advance(ch, Duration.ofSeconds(10));

        assertClosedUnauthorized(ch);
    }

    @Test
    void aTokenExpiredOnArrivalClosesTheConnectionAtOnce() {
        EmbeddedChannel ch = channel(true);

        logIn(ch, clock.instant().minusSeconds(1));
        advance(ch, Duration.ZERO);

        assertClosedUnauthorized(ch);
    }

    @Test
    void stopsTheExpiryTimerWhenTheConnectionCloses() {
        EmbeddedChannel ch = channel(true);
        logIn(ch, clock.instant().plusSeconds(60));

        ch.close();

        assertThat(ch.runScheduledPendingTasks()).isEqualTo(-1);
        assertFalse(ch.finish());
    }

    private void logIn(EmbeddedChannel ch, Instant validUntil) {
        lifecycle.logIn(Session.of(ch), new TokenClaims("alice", Set.of(), false, validUntil), "web", Map.of());
        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGGED_IN);
    }

    private static void refresh(EmbeddedChannel ch, Instant validUntil) {
        Session.of(ch).refresh(new TokenClaims("alice", Set.of(), false, validUntil));
        ch.pipeline().fireUserEventTriggered(SessionEvent.REFRESHED);
    }

    private void assertClosedUnauthorized(EmbeddedChannel ch) {
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4001);
        assertThat(close.reasonText()).isEqualTo("unauthorized");
        close.release();
        advance(ch, Duration.ofMillis(Session.CLOSE_LINGER_MILLIS));
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void cancelsItsTimerWhenTheConnectionCloses() {
        EmbeddedChannel ch = channel(true);
        advance(ch, Duration.ofSeconds(1));

        ch.close();

        assertThat(ch.runScheduledPendingTasks()).isEqualTo(-1);
        advance(ch, LOGIN_TIMEOUT);
        assertThat((Object) ch.readOutbound()).isNull();
        assertFalse(ch.finish());
    }

    private EmbeddedChannel channel(boolean upgraded) {
        return FrozenClock.channel(upgraded, new AuthDeadlineHandler(LOGIN_TIMEOUT, clock),
                TestUpgradeLogins.sessionHandler(lifecycle));
    }

    private void advance(EmbeddedChannel ch, Duration by) {
        clock.advance(by);
        ch.advanceTimeBy(by.toMillis(), MILLISECONDS);
        ch.runScheduledPendingTasks();
    }
}
