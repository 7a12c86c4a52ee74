package io.herald.gateway;

import io.herald.gateway.upstream.UpstreamConfig;
import io.herald.gateway.upstream.UpstreamFailures.Kind;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Logins decided by a real HTTP backend that the test starts on 127.0.0.1 ({@code --auth-upstream}, PROTOCOL.md
 * "Upstream: clients → backends"), with real WebSocket clients: what the backend receives, the groups its answer
 * allows, its refusals of a {@code login} command (the code, then 4001) and of an upgrade's login (HTTP, no
 * WebSocket), a backend down (502) or silent (504), and how it combines with {@code --secret}.
 */
class AuthUpstreamIT {

    private static final String SECRET = "upstream-secret-0123";

    private TestHttpServer backend;
    private GatewayFixture gateway;

    @BeforeEach
    void startBackend() throws InterruptedException {
        backend = new TestHttpServer(request -> new Answer.Http(200, ""));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }

    /** A node whose logins the backend decides, without a --secret (the backend alone decides). */
    private void startGateway(UnaryOperator<UpstreamConfig.Builder> settings) {
        gateway = GatewayFixture.start(b -> b.secret(null).upstream(settings.apply(UpstreamConfig.builder()
                .authUpstream(url(backend, "/auth")).upstreamSecret(SECRET)).build()));
    }

    @Test
    void aLoginIsPostedWithEveryFieldAndTheHeaders() throws InterruptedException {
        startGateway(u -> u);
        WsClient alice = gateway.connect();

        assertThat(alice.login("alice", "opaque-session-token", "web")).containsEntry("code", 200);

        TestHttpServer.Request request = backend.requests().poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/auth");
        assertThat(request.authorization()).isEqualTo("Bearer " + SECRET);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(JsonTree.parseObject(request.body())).isEqualTo(Map.of("event", "login", "uid", "alice",
                "token", "opaque-session-token", "device", "web", "remote", "127.0.0.1"));
    }

    @Test
    void anAllowedLoginMayJoinTheGroupsTheAnswerListsAndNoOther() {
        backend.answer(request -> new Answer.Http(200, "{\"groups\":[\"room1\",\"room2\"]}"));
        startGateway(u -> u);
        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", "t", null)).containsEntry("code", 200);

        assertThat(alice.request(Map.of("id", "j1", "cmd", "join", "group", "room1"))).containsEntry("code", 200);
        assertThat(alice.request(Map.of("id", "j2", "cmd", "join", "group", "room3"))).containsEntry("code", 403);

        backend.answer(request -> new Answer.Http(200, "{}"));
        WsClient bob = gateway.connect();
        assertThat(bob.login("bob", "t", null)).containsEntry("code", 200);
        assertThat(bob.request(Map.of("id", "j3", "cmd", "join", "group", "room1")))
                .as("an answer without groups allows none").containsEntry("code", 403);
    }

    @Test
    void aRefusedLoginCommandGetsTheStatusThenClose4001() {
        backend.answer(request -> new Answer.Http(403, "{\"msg\":\"banned\"}"));
        startGateway(u -> u);
        WsClient alice = gateway.connect();

        assertThat(alice.tryLogin("alice", "t", null)).containsEntry("code", 403).containsEntry("msg", "banned");
        assertThat(alice.awaitClose()).isEqualTo(4001);

        backend.answer(request -> new Answer.Http(401, ""));
        WsClient bob = gateway.connect();
        assertThat(bob.tryLogin("bob", "t", null)).containsEntry("code", 401).containsEntry("msg", "Unauthorized");
        assertThat(bob.awaitClose()).isEqualTo(4001);
    }

    @Test
    void aSecondLoginWhileTheFirstIsCheckedIs409AndOtherCommandsWaitForIt() throws InterruptedException {
        CompletableFuture<Answer.Http> answer = new CompletableFuture<>();
        backend.answer(request -> new Answer.Later(answer));
        startGateway(u -> u);
        WsClient alice = gateway.connect();

        alice.send(Map.of("id", "l1", "cmd", "login", "uid", "alice", "token", "t"));
        assertThat(backend.requests().poll(5, TimeUnit.SECONDS)).isNotNull();
        alice.send(Map.of("id", "c1", "cmd", "chat.send"));
        assertThat(alice.request(Map.of("id", "l2", "cmd", "login", "uid", "alice", "token", "t")))
                .as("answered at once, before the command that came first and waits").containsEntry("code", 409);
        alice.send(Map.of("id", "h1", "cmd", "heartbeat"));
        answer.complete(new Answer.Http(200, ""));
        assertThat(alice.next()).containsEntry("id", "l1").containsEntry("code", 200);
        assertThat(alice.next()).as("then the commands, in order").containsEntry("id", "c1").containsEntry("code", 404);
        assertThat(alice.next()).containsEntry("id", "h1").containsEntry("code", 200);
        assertThat(backend.requests()).as("one call").isEmpty();
    }

    @Test
    void aLoginAndCommandsWrittenInOneGoAreAnsweredInOrder() {
        backend.answer(request -> new Answer.Http(200, "{\"groups\":[\"room1\"]}"));
        startGateway(u -> u);

        try (RawWebSocket alice = gateway.openRaw()) {
            alice.write(RawWebSocket.concat(
                    RawWebSocket.frame(RawWebSocket.TEXT, RawWebSocket.utf8(
                            "{\"id\":\"l1\",\"cmd\":\"login\",\"uid\":\"alice\",\"token\":\"t\"}")),
                    RawWebSocket.frame(RawWebSocket.TEXT, RawWebSocket.utf8(
                            "{\"id\":\"j1\",\"cmd\":\"join\",\"group\":\"room1\"}")),
                    RawWebSocket.frame(RawWebSocket.TEXT, RawWebSocket.utf8("{\"id\":\"h1\",\"cmd\":\"heartbeat\"}"))));

            assertThat(alice.nextJson()).containsEntry("id", "l1").containsEntry("code", 200);
            assertThat(alice.nextJson()).containsEntry("id", "j1").containsEntry("code", 200);
            assertThat(alice.nextJson()).containsEntry("id", "h1").containsEntry("code", 200);
        }
    }

    @Test
    void aRefusedUpgradeLoginIsAnsweredWithTheStatusAndNoWebSocket() {
        backend.answer(request -> new Answer.Http(403, "{\"msg\":\"banned\"}"));
        startGateway(u -> u);

        assertThat(upgradeRefusal("uid=alice&token=t")).isEqualTo(403);
        assertThat(gateway.server().connectionCount()).isZero();

        backend.answer(request -> new Answer.Http(200, "{\"groups\":[\"room1\"]}"));
        WsClient alice = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=alice&token=t")));
        assertThat(alice.next()).containsEntry("cmd", "login").containsEntry("code", 200);
        assertThat(alice.request(Map.of("id", "j1", "cmd", "join", "group", "room1"))).containsEntry("code", 200);
    }

    @Test
    void aBackendThatCannotBeReachedRefuses502AndCloses() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/auth");
        }
        startGateway(u -> u.authUpstream(closed));
        WsClient alice = gateway.connect();

        assertThat(alice.tryLogin("alice", "t", null)).containsEntry("code", 502)
                .containsEntry("msg", "the auth upstream cannot be reached");
        assertThat(alice.awaitClose()).isEqualTo(4001);
        assertThat(upgradeRefusal("uid=bob&token=t")).isEqualTo(502);
        assertThat(gateway.server().upstreamFailures().count(Kind.LOGIN_UNREACHABLE)).isEqualTo(2);
    }

    @Test
    void aSilentBackendRefuses504AndAGarbledAllowance502() {
        backend.answer(request -> new Answer.Silence());
        startGateway(u -> u.upstreamTimeout(Duration.ofMillis(300)));
        WsClient alice = gateway.connect();

        assertThat(alice.tryLogin("alice", "t", null)).containsEntry("code", 504)
                .containsEntry("msg", "the auth upstream did not answer in time");
        assertThat(alice.awaitClose()).isEqualTo(4001);
        assertThat(gateway.server().upstreamFailures().count(Kind.LOGIN_TIMEOUT)).isEqualTo(1);

        backend.answer(request -> new Answer.Http(200, "{\"groups\":\"room1\"}"));
        WsClient bob = gateway.connect();
        assertThat(bob.tryLogin("bob", "t", null)).containsEntry("code", 502)
                .containsEntry("msg", "bad answer from the auth upstream");
        assertThat(bob.awaitClose()).isEqualTo(4001);
        assertThat(gateway.server().upstreamFailures().count(Kind.LOGIN_BAD_ANSWER)).isEqualTo(1);
    }

    @Test
    void withASecretTooTheTokenMustPassFirstAndTheAnswerDecidesTheGroups() throws InterruptedException {
        gateway = GatewayFixture.start(b -> b.upstream(UpstreamConfig.builder()
                .authUpstream(url(backend, "/auth")).build()));
        WsClient forged = gateway.connect();
        assertThat(forged.tryLogin("alice", "not-a-jwt", null)).containsEntry("code", 401);
        assertThat(forged.awaitClose()).isEqualTo(4001);
        assertThat(backend.requests()).as("no call for a refused token").isEmpty();

        WsClient alice = gateway.connect();
        assertThat(alice.login("alice", gateway.token("alice", "room1"), null)).containsEntry("code", 200);
        assertThat(backend.requests().poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(alice.request(Map.of("id", "j1", "cmd", "join", "group", "room1")))
                .as("an answer without groups leaves the token's").containsEntry("code", 200);

        backend.answer(request -> new Answer.Http(200, "{\"groups\":[\"room2\"]}"));
        WsClient bob = gateway.connect();
        assertThat(bob.login("bob", gateway.token("bob", "room1"), null)).containsEntry("code", 200);
        assertThat(bob.request(Map.of("id", "j2", "cmd", "join", "group", "room2"))).containsEntry("code", 200);
        assertThat(bob.request(Map.of("id", "j3", "cmd", "join", "group", "room1")))
                .as("the answer's groups replace the token's").containsEntry("code", 403);

        backend.answer(request -> new Answer.Http(403, ""));
        WsClient carol = gateway.connect();
        assertThat(carol.tryLogin("carol", gateway.token("carol"), null)).as("a good token the backend refuses")
                .containsEntry("code", 403);
        assertThat(carol.awaitClose()).isEqualTo(4001);
    }

    private int upgradeRefusal(String query) {
        Throwable refused = catchThrowable(() -> WsClient.connectAsync(URI.create(gateway.websocketUri() + "?"
                + query)).join());
        assertThat(refused).as(query).cause().isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    private static URI url(TestHttpServer server, String path) {
        return URI.create("http://" + server.address() + path);
    }
}
