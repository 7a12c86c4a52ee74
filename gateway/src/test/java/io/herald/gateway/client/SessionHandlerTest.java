package io.herald.gateway.client;

import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.TestNodes;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SessionHandlerTest {

    private final SessionIndex sessions = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node("n1", sessions), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", sessions, cluster);

    @Test
    void handshakeCompleteMarksTheSessionUpgradedAndIsPassedOn() {
        EmbeddedChannel ch = FrozenClock.channel(false, TestUpgradeLogins.sessionHandler(lifecycle));
        var complete = new WebSocketServerProtocolHandler.HandshakeComplete("/ws", new DefaultHttpHeaders(), null);

        ch.pipeline().fireUserEventTriggered(complete);

        assertThat(Session.of(ch).upgraded()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void messageTooBigClosesWith1009() {
        EmbeddedChannel ch = FrozenClock.channel(true, TestUpgradeLogins.sessionHandler(lifecycle));

        ch.pipeline().fireExceptionCaught(new TooLongFrameException("WebSocketFrameAggregator: too long"));

        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
        assertThat(close.reasonText()).isEqualTo("frame too big");
        close.release();
        ch.advanceTimeBy(Session.CLOSE_LINGER_MILLIS, MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ch.checkException();
        assertFalse(ch.finish());
    }

    static Stream<Throwable> closingErrors() {
        return Stream.of(ReadTimeoutException.INSTANCE, new CorruptedWebSocketFrameException(),
                new CorruptedFrameException("bad"), new IOException("Connection reset by peer"),
                new PrematureChannelClosureException("Channel closed while still aggregating message"),
                new UnexpectedError());
    }

    @ParameterizedTest
    @MethodSource("closingErrors")
    void otherErrorsCloseTheConnection(Throwable cause) {
        EmbeddedChannel ch = FrozenClock.channel(true, TestUpgradeLogins.sessionHandler(lifecycle));

        ch.pipeline().fireExceptionCaught(cause);

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        ch.checkException();
        assertFalse(ch.finish());
    }

    @Test
    void closeLogsTheSessionOutOfNodeAndCluster() {
        EmbeddedChannel ch = FrozenClock.channel(true, TestUpgradeLogins.sessionHandler(lifecycle));
        Session session = Session.of(ch);
        lifecycle.logIn(session, new TokenClaims("alice", Set.of(), false), "web", Map.of());
        cluster.routes().join("room1", "alice");
        sessions.join("room1", "alice");

        ch.close();

        assertThat(sessions.size()).isZero();
        assertThat(sessions.users()).isZero();
        assertThat(cluster.routes().connections("alice").toCompletableFuture().join()).isEmpty();
        assertThat(cluster.routes().groups("alice").toCompletableFuture().join()).containsExactly("room1");
        assertFalse(ch.finish());
    }

    /** A bug somewhere before the tail; without a stack trace, so that its expected warning stays one line. */
    private static final class UnexpectedError extends RuntimeException {
        UnexpectedError() {
            super("a bug (expected by this test)", null, false, false);
        }
    }
}
