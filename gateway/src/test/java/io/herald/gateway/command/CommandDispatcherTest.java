package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.RawJson;
import io.herald.codec.ServerFrames;
import io.herald.codec.WireException;
import io.herald.gateway.auth.DevelopmentTokenVerifier;
import io.herald.gateway.auth.JwtTokenVerifier;
import io.herald.gateway.auth.LoginRefusedException;
import io.herald.gateway.auth.TokenClaims;
import io.herald.codec.TokenMinter;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.TestNodes;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.ConnectionRoute;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CommandDispatcherTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String NODE = "n1";

    private final Json json = new Json();
    private final SessionIndex sessions = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node(NODE, sessions), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle(NODE, sessions, cluster);
    private final TokenMinter minter = new TokenMinter(SECRET);

    @Test
    void loginRepliesWithConnectionNodeAndHeartbeat() throws WireException {
        EmbeddedChannel ch = channel(new JwtTokenVerifier(SECRET));
        Session session = Session.of(ch);

        ch.writeInbound(login("1", "alice", token("alice", "room1"), "web"));

        JsonObject reply = reply(ch);
        assertThat(reply.optString("id")).isEqualTo("1");
        assertThat(reply.optString("cmd")).isEqualTo("login");
        assertThat(code(reply)).isEqualTo(200);
        assertThat(reply.optString("msg")).isEqualTo("ok");
        JsonObject data = object(reply.optRaw("data"));
        assertThat(data.optString("conn")).isEqualTo(session.conn());
        assertThat(data.optString("node")).isEqualTo(NODE);
        assertThat(data.optRaw("heartbeat")).isEqualTo(RawJson.trusted("25"));

        assertThat(session.uid()).isEqualTo("alice");
        assertThat(sessions.connection(session.conn())).isSameAs(session);
        assertThat(cluster.routes().connections("alice").toCompletableFuture().join())
                .containsExactly(new ConnectionRoute("alice", session.conn(), NODE, "web"));
        assertFalse(ch.finish());
    }

    @Test
    void loginWithABadTokenIsAnswered401ThenClosedWith4001() throws WireException {
        EmbeddedChannel ch = channel(new JwtTokenVerifier(SECRET));
        String forged = new TokenMinter("fedcba9876543210fedcba9876543210")
                .mint("alice", List.of(), Duration.ofMinutes(5));

        ch.writeInbound(login("1", "alice", forged, null));

        JsonObject reply = reply(ch);
        assertThat(reply.optString("id")).isEqualTo("1");
        assertThat(reply.optString("cmd")).isEqualTo("login");
        assertThat(code(reply)).isEqualTo(401);
        assertThat(reply.optString("msg")).isEqualTo("token signature is invalid");
        assertClosedWith(ch, 4001, "unauthorized");
        assertThat(Session.of(ch).loggedIn()).isFalse();
        assertThat(sessions.size()).isZero();
        assertThat(cluster.routes().connections("alice").toCompletableFuture().join()).isEmpty();
        assertFalse(ch.finish());
    }

    @Test
    void aLoginWhoseCheckCompletesLaterIsLoggedInOnItsLoopAndASecondLoginMeanwhileIs409() throws WireException {
        CompletableFuture<TokenClaims> later = new CompletableFuture<>();
        EmbeddedChannel ch = channel(TestDispatchers.dispatcher((login, remote, alloc) -> later, lifecycle,
                cluster.router(), cluster.streams(), new ServerFrames(UnpooledByteBufAllocator.DEFAULT), NODE, 25),
                "c-1");

        ch.writeInbound(login("1", "alice", "session-cookie", null));
        ch.writeInbound(login("2", "alice", "session-cookie", null));
        assertError(reply(ch), "2", "login", 409, "already logged in");
        assertThat((Object) ch.readOutbound()).as("nothing until the check completes").isNull();
        assertThat(Session.of(ch).loggedIn()).isFalse();

        later.complete(new TokenClaims("alice", Set.of("room1"), false));
        ch.runPendingTasks();

        assertOk(reply(ch), "1", "login");
        assertThat(Session.of(ch).claims().allowsGroup("room1")).isTrue();
        assertThat(Session.of(ch).claims().allowsGroup("room2")).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void aLoginTheCheckRefusesIsAnsweredWithItsCodeThenClosedWith4001() throws WireException {
        EmbeddedChannel ch = channel(TestDispatchers.dispatcher((login, remote, alloc) ->
                        CompletableFuture.failedFuture(new LoginRefusedException(403, "banned")), lifecycle,
                cluster.router(), cluster.streams(), new ServerFrames(UnpooledByteBufAllocator.DEFAULT), NODE, 25),
                "c-1");

        ch.writeInbound(login("1", "alice", "session-cookie", null));

        assertError(reply(ch), "1", "login", 403, "banned");
        assertClosedWith(ch, 4001, "unauthorized");
        assertThat(sessions.size()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void loginWithAnotherUsersTokenIsAnswered401() throws WireException {
        EmbeddedChannel ch = channel(new JwtTokenVerifier(SECRET));

        ch.writeInbound(login("1", "alice", token("bob"), null));

        JsonObject reply = reply(ch);
        assertThat(code(reply)).isEqualTo(401);
        assertThat(reply.optString("msg")).isEqualTo("token subject does not match uid");
        assertClosedWith(ch, 4001, "unauthorized");
        assertFalse(ch.finish());
    }

    @Test
    void secondLoginIsAConflict() throws WireException {
        EmbeddedChannel ch = channel(new JwtTokenVerifier(SECRET));
        ch.writeInbound(login("1", "alice", token("alice"), null));
        reply(ch);

        ch.writeInbound(login("2", "bob", token("bob"), null));

        JsonObject reply = reply(ch);
        assertThat(reply.optString("id")).isEqualTo("2");
        assertThat(code(reply)).isEqualTo(409);
        assertThat(reply.optString("msg")).isEqualTo("already logged in");
        assertThat(Session.of(ch).uid()).isEqualTo("alice");
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(sessions.sessionsOf("bob")).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void joinLeaveAndCustomCommandsNeedALogin() throws WireException {
        EmbeddedChannel ch = channel(new DevelopmentTokenVerifier());

        ch.writeInbound(new ClientCommand.Join("3", "room1"));
        assertError(reply(ch), "3", "join", 401, "login required");
        ch.writeInbound(new ClientCommand.Leave("4", "room1"));
        assertError(reply(ch), "4", "leave", 401, "login required");
        ch.writeInbound(new ClientCommand.Custom("5", "chat", RawJson.NULL));
        assertError(reply(ch), "5", "chat", 401, "login required");

        assertThat(cluster.routes().groups("alice").toCompletableFuture().join()).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void joinAndLeaveAGroupTheTokenAllows() throws WireException {
        EmbeddedChannel ch = loggedIn(new JwtTokenVerifier(SECRET), "alice", token("alice", "room1", "room2"));
        Session session = Session.of(ch);

        ch.writeInbound(new ClientCommand.Join("3", "room1"));

        JsonObject joined = reply(ch);
        assertOk(joined, "3", "join");
        JsonObject position = object(joined.optRaw("data"));
        assertThat(position.optString("stream")).as("where the connection starts").isEqualTo("group:room1");
        assertThat(position.optString("epoch")).isNotEmpty();
        assertThat(position.optRaw("seq")).isEqualTo(RawJson.trusted("0"));
        assertThat(inGroup("room1")).containsExactly(session);
        assertThat(cluster.routes().groups("alice").toCompletableFuture().join()).containsExactly("room1");

        ch.writeInbound(new ClientCommand.Leave("4", "room1"));

        assertOk(reply(ch), "4", "leave");
        assertThat(inGroup("room1")).isEmpty();
        assertThat(cluster.routes().groups("alice").toCompletableFuture().join()).isEmpty();
        assertFalse(ch.finish());
    }

    @Test
    void joinOfAGroupTheTokenDoesNotListIsForbidden() throws WireException {
        EmbeddedChannel ch = loggedIn(new JwtTokenVerifier(SECRET), "alice", token("alice", "room1"));

        ch.writeInbound(new ClientCommand.Join("3", "room2"));

        assertError(reply(ch), "3", "join", 403, "group 'room2' is not allowed by the token");
        assertThat(inGroup("room2")).isEmpty();
        assertThat(cluster.routes().groups("alice").toCompletableFuture().join()).isEmpty();

        ch.writeInbound(new ClientCommand.Leave("4", "room2"));
        assertError(reply(ch), "4", "leave", 403, "group 'room2' is not allowed by the token");
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void tokenWithoutGroupsAllowsNone() throws WireException {
        EmbeddedChannel ch = loggedIn(new JwtTokenVerifier(SECRET), "alice", token("alice"));

        ch.writeInbound(new ClientCommand.Join("3", "room1"));

        assertError(reply(ch), "3", "join", 403, "group 'room1' is not allowed by the token");
        assertFalse(ch.finish());
    }

    @Test
    void developmentModeAllowsAnyGroup() throws WireException {
        EmbeddedChannel ch = loggedIn(new DevelopmentTokenVerifier(), "alice", "anything");

        ch.writeInbound(new ClientCommand.Join("3", "whatever"));

        assertOk(reply(ch), "3", "join");
        assertThat(inGroup("whatever")).containsExactly(Session.of(ch));
        assertFalse(ch.finish());
    }

    @Test
    void loginRegainsTheUsersGroups() throws WireException {
        cluster.routes().join("room1", "alice");

        EmbeddedChannel ch = loggedIn(new DevelopmentTokenVerifier(), "alice", "anything");

        assertThat(inGroup("room1")).containsExactly(Session.of(ch));
        assertFalse(ch.finish());
    }

    @Test
    void unknownCommandIsAnswered404() throws WireException {
        EmbeddedChannel ch = loggedIn(new DevelopmentTokenVerifier(), "alice", "anything");

        ch.writeInbound(new ClientCommand.Custom("5", "chat", RawJson.trusted("{\"text\":\"hi\"}")));

        assertError(reply(ch), "5", "chat", 404, "unknown command");
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void heartbeatIsAnswered200() throws WireException {
        EmbeddedChannel ch = loggedIn(new DevelopmentTokenVerifier(), "alice", "anything");

        ch.writeInbound(new ClientCommand.Heartbeat("2"));

        JsonObject reply = reply(ch);
        assertOk(reply, "2", "heartbeat");
        assertThat(reply.optRaw("data")).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void ackGetsNoReply() throws WireException {
        EmbeddedChannel ch = loggedIn(new DevelopmentTokenVerifier(), "alice", "anything");

        ch.writeInbound(new ClientCommand.Ack("m-1"));

        assertThat((Object) ch.readOutbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void oneDispatcherServesManyChannels() throws WireException {
        CommandDispatcher dispatcher = dispatcher(new DevelopmentTokenVerifier());
        EmbeddedChannel first = channel(dispatcher, "c-1");
        EmbeddedChannel second = channel(dispatcher, "c-2");

        first.writeInbound(login("1", "alice", "t", null));
        second.writeInbound(login("1", "alice", "t", null));

        assertThat(code(reply(first))).isEqualTo(200);
        assertThat(code(reply(second))).isEqualTo(200);
        assertThat(sessions.sessionsOf("alice")).containsExactlyInAnyOrder(Session.of(first), Session.of(second));
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    private EmbeddedChannel loggedIn(TokenVerifier verifier, String uid, String token) throws WireException {
        EmbeddedChannel ch = channel(verifier);
        ch.writeInbound(login("1", uid, token, null));
        assertThat(code(reply(ch))).isEqualTo(200);
        return ch;
    }

    private EmbeddedChannel channel(TokenVerifier verifier) {
        return channel(dispatcher(verifier), "c-1");
    }

    private CommandDispatcher dispatcher(TokenVerifier verifier) {
        return TestDispatchers.dispatcher(verifier, lifecycle, cluster.router(), cluster.streams(),
                new ServerFrames(UnpooledByteBufAllocator.DEFAULT), NODE, 25);
    }

    private static EmbeddedChannel channel(CommandDispatcher dispatcher, String conn) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Session session = new Session(ch, conn);
        session.markUpgraded();
        ch.attr(Session.KEY).set(session);
        ch.pipeline().addLast(dispatcher);
        return ch;
    }

    private static ClientCommand.Login login(String id, String uid, String token, String device) {
        return new ClientCommand.Login(id, uid, token, device, Map.of());
    }

    private String token(String uid, String... groups) {
        return minter.mint(uid, List.of(groups), Duration.ofMinutes(5));
    }

    private List<Session> inGroup(String group) {
        List<Session> visited = new ArrayList<>();
        sessions.forEachInGroup(group, visited::add);
        return visited;
    }

    private JsonObject reply(EmbeddedChannel ch) throws WireException {
        Object sent = ch.readOutbound();
        assertThat(sent).as("a reply").isInstanceOf(TextWebSocketFrame.class);
        TextWebSocketFrame frame = (TextWebSocketFrame) sent;
        try {
            byte[] bytes = ByteBufUtil.getBytes(frame.content());
            return JsonObject.parse(json, bytes, 0, bytes.length);
        } finally {
            frame.release();
        }
    }

    private JsonObject object(RawJson raw) throws WireException {
        byte[] bytes = raw.toString().getBytes(StandardCharsets.UTF_8);
        return JsonObject.parse(json, bytes, 0, bytes.length);
    }

    private static int code(JsonObject reply) {
        return Integer.parseInt(reply.optRaw("code").toString());
    }

    private static void assertOk(JsonObject reply, String id, String cmd) throws WireException {
        assertThat(reply.optString("id")).isEqualTo(id);
        assertThat(reply.optString("cmd")).isEqualTo(cmd);
        assertThat(code(reply)).isEqualTo(200);
        assertThat(reply.optString("msg")).isEqualTo("ok");
    }

    private static void assertError(JsonObject reply, String id, String cmd, int code, String msg)
            throws WireException {
        assertThat(reply.optString("id")).isEqualTo(id);
        assertThat(reply.optString("cmd")).isEqualTo(cmd);
        assertThat(code(reply)).isEqualTo(code);
        assertThat(reply.optString("msg")).isEqualTo(msg);
    }

    private static void assertClosedWith(EmbeddedChannel ch, int code, String reason) {
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(code);
        assertThat(close.reasonText()).isEqualTo(reason);
        close.release();
        ch.advanceTimeBy(Session.CLOSE_LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }
}
