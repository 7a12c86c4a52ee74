package io.herald.gateway.client;

import io.herald.codec.ClientCommand;
import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.ServerFrames;
import io.herald.gateway.auth.LoginRefusedException;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.command.TestDispatchers;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.gateway.session.TestNodes;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The commands that come while a login is checked wait for it: held in arrival order, let go after the login reply,
 * dropped where the login is refused; past {@link LoginWaitHandler#MAX_HELD} the socket is no longer read until the
 * login is done; commands past the command rate are refused as they come, not held. First the handler alone, then with
 * the node's dispatcher and a login check that completes later.
 */
class LoginWaitHandlerTest {

    private static final String NODE = "n1";

    private final SessionIndex sessions = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node(NODE, sessions), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle(NODE, sessions, cluster);

    @Test
    void passesCommandsOnUntilALoginIsRead() {
        EmbeddedChannel ch = new EmbeddedChannel(new LoginWaitHandler());

        ch.writeInbound(new ClientCommand.Heartbeat("h1"));

        assertThat((Object) ch.readInbound()).isEqualTo(new ClientCommand.Heartbeat("h1"));
        assertFalse(ch.finish());
    }

    @Test
    void holdsCommandsInOrderWhileTheLoginIsCheckedAndLetsThemGoOnceItIsDone() {
        EmbeddedChannel ch = new EmbeddedChannel(new LoginWaitHandler());
        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_READ);

        ch.writeInbound(new ClientCommand.Join("j1", "room1"));
        ch.writeInbound(new ClientCommand.Heartbeat("h1"));
        ClientCommand.Login second = login("l2");
        ch.writeInbound(second);
        ch.writeInbound(new ClientCommand.Leave("v1", "room1"));

        assertThat(inbound(ch)).as("another login passes on, to be refused 409 at once").containsExactly(second);

        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_DONE);

        assertThat(inbound(ch)).containsExactly(new ClientCommand.Join("j1", "room1"),
                new ClientCommand.Heartbeat("h1"), new ClientCommand.Leave("v1", "room1"));
        assertThat(ch.pipeline().get(LoginWaitHandler.class)).as("gone once logged in").isNull();
        assertFalse(ch.finish());
    }

    @Test
    void stopsReadingPastItsBoundAndReadsAgainOnceTheLoginIsDone() {
        EmbeddedChannel ch = new EmbeddedChannel(new LoginWaitHandler());
        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_READ);

        for (int i = 1; i < LoginWaitHandler.MAX_HELD; i++) {
            ch.writeInbound(new ClientCommand.Heartbeat("h" + i));
        }
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.writeInbound(new ClientCommand.Heartbeat("h" + LoginWaitHandler.MAX_HELD));
        assertThat(ch.config().isAutoRead()).as("paused at the bound").isFalse();
        // What the read under way still decodes is held too.
        ch.writeInbound(new ClientCommand.Heartbeat("h" + (LoginWaitHandler.MAX_HELD + 1)));
        assertThat(inbound(ch)).isEmpty();

        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_DONE);

        assertThat(ch.config().isAutoRead()).isTrue();
        List<Object> released = inbound(ch);
        assertThat(released).hasSize(LoginWaitHandler.MAX_HELD + 1);
        assertThat(released.get(0)).isEqualTo(new ClientCommand.Heartbeat("h1"));
        assertThat(released.get(LoginWaitHandler.MAX_HELD))
                .isEqualTo(new ClientCommand.Heartbeat("h" + (LoginWaitHandler.MAX_HELD + 1)));
        assertFalse(ch.finish());
    }

    @Test
    void dropsWhatItHeldWhenTheLoginIsRefusedAndReadsAgainForTheCloseFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new LoginWaitHandler());
        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_READ);
        for (int i = 0; i < LoginWaitHandler.MAX_HELD; i++) {
            ch.writeInbound(new ClientCommand.Heartbeat("h" + i));
        }
        assertThat(ch.config().isAutoRead()).isFalse();

        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_REFUSED);

        assertThat(inbound(ch)).isEmpty();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(ch.pipeline().get(LoginWaitHandler.class)).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void commandsPastTheCommandRateAreRefusedAsTheyComeNotHeld() {
        EmbeddedChannel ch = FrozenClock.channel(true, new CommandDecoder(new CommandReader(new Json()),
                new ServerFrames(UnpooledByteBufAllocator.DEFAULT), 10, Duration.ofSeconds(10), 2,
                new ClientRefusals()), new LoginWaitHandler());
        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_READ);

        ch.writeInbound(new TextWebSocketFrame("{\"id\":\"h1\",\"cmd\":\"heartbeat\"}"));
        ch.writeInbound(new TextWebSocketFrame("{\"id\":\"h2\",\"cmd\":\"heartbeat\"}"));
        ch.writeInbound(new TextWebSocketFrame("{\"id\":\"h3\",\"cmd\":\"heartbeat\"}"));

        assertThat(replies(ch)).as("the third, past a rate of 2, at once").containsExactly("{\"id\":\"h3\","
                + "\"cmd\":\"heartbeat\",\"code\":429,\"msg\":\"too many commands (at most 2 a second)\"}");
        assertThat(inbound(ch)).isEmpty();
        ch.pipeline().fireUserEventTriggered(SessionEvent.LOGIN_DONE);
        assertThat(inbound(ch)).containsExactly(new ClientCommand.Heartbeat("h1"), new ClientCommand.Heartbeat("h2"));
        assertFalse(ch.finish());
    }

    @Test
    void withTheDispatcher_loginAndCommandsWrittenInOneGoAreAnsweredInOrder() {
        CompletableFuture<TokenClaims> later = new CompletableFuture<>();
        EmbeddedChannel ch = channel(later);

        ch.writeInbound(login("l1"), new ClientCommand.Heartbeat("h1"),
                new ClientCommand.Custom("c1", "chat.send", null), login("l2"));

        assertThat(replies(ch)).as("only the second login, at once")
                .containsExactly("{\"id\":\"l2\",\"cmd\":\"login\",\"code\":409,\"msg\":\"already logged in\"}");

        later.complete(new TokenClaims("alice", Set.of(), false));
        ch.runPendingTasks();

        List<String> replies = replies(ch);
        assertThat(replies).hasSize(3);
        assertThat(replies.get(0)).startsWith("{\"id\":\"l1\",\"cmd\":\"login\",\"code\":200");
        assertThat(replies.get(1)).isEqualTo("{\"id\":\"h1\",\"cmd\":\"heartbeat\",\"code\":200,\"msg\":\"ok\"}");
        assertThat(replies.get(2)).startsWith("{\"id\":\"c1\",\"cmd\":\"chat.send\",\"code\":404");
        assertThat(ch.pipeline().get(LoginWaitHandler.class)).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void withTheDispatcher_theCommandsOfARefusedLoginAreDropped() {
        CompletableFuture<TokenClaims> later = new CompletableFuture<>();
        EmbeddedChannel ch = channel(later);

        ch.writeInbound(login("l1"), new ClientCommand.Heartbeat("h1"));
        later.completeExceptionally(new LoginRefusedException(503, "busy: too many token checks under way"));
        ch.runPendingTasks();

        assertThat(replies(ch)).containsExactly(
                "{\"id\":\"l1\",\"cmd\":\"login\",\"code\":503,\"msg\":\"busy: too many token checks under way\"}");
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4001);
        close.release();
        assertThat((Object) ch.readOutbound()).as("the heartbeat is not answered").isNull();
        ch.close();
        assertFalse(ch.finish());
    }

    private EmbeddedChannel channel(CompletableFuture<TokenClaims> check) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Session session = new Session(ch, "c-1");
        session.markUpgraded();
        ch.attr(Session.KEY).set(session);
        ch.pipeline().addLast(new LoginWaitHandler(), TestDispatchers.dispatcher((login, remote, alloc) -> check,
                lifecycle, cluster.router(), cluster.streams(), new ServerFrames(UnpooledByteBufAllocator.DEFAULT),
                NODE, 25));
        return ch;
    }

    private static ClientCommand.Login login(String id) {
        return new ClientCommand.Login(id, "alice", "token", null, Map.of());
    }

    private static List<Object> inbound(EmbeddedChannel ch) {
        List<Object> all = new ArrayList<>();
        for (Object msg = ch.readInbound(); msg != null; msg = ch.readInbound()) {
            all.add(msg);
        }
        return all;
    }

    private static List<String> replies(EmbeddedChannel ch) {
        List<String> all = new ArrayList<>();
        while (ch.outboundMessages().peek() instanceof TextWebSocketFrame) {
            TextWebSocketFrame frame = ch.readOutbound();
            all.add(frame.text());
            frame.release();
        }
        return all;
    }
}
