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
import java.util.Map;
import java.util.Set;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LoginTimeoutHandlerTest {

    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(5);

    private final SessionIndex sessions = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node("n1", sessions), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", sessions, cluster);

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
        assertThat(ch.pipeline().get(LoginTimeoutHandler.class)).isNull();

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
        assertThat(ch.pipeline().get(LoginTimeoutHandler.class)).isNull();
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
        return FrozenClock.channel(upgraded, new LoginTimeoutHandler(LOGIN_TIMEOUT), TestUpgradeLogins.sessionHandler(lifecycle));
    }

    private static void advance(EmbeddedChannel ch, Duration by) {
        ch.advanceTimeBy(by.toMillis(), MILLISECONDS);
        ch.runScheduledPendingTasks();
    }
}
