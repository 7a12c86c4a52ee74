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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client commands forwarded to a real HTTP upstream that the test starts on 127.0.0.1, with real WebSocket clients
 * (PROTOCOL.md, "Upstream: clients → backends"): what the upstream receives, routing, how its answers become
 * replies and pushes, its refusals, and the failures that the client gets as 504, 502 and 429 while its connection
 * stays open.
 */
class UpstreamIT {

    private static final String SECRET = "upstream-secret-0123";

    private final Map<String, CompletableFuture<Answer.Http>> later = new ConcurrentHashMap<>();
    private TestHttpServer upstream;
    private GatewayFixture gateway;

    @BeforeEach
    void startUpstream() throws InterruptedException {
        upstream = new TestHttpServer(request -> new Answer.Http(200, "{}"));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
    }

    private void startGateway(UnaryOperator<UpstreamConfig.Builder> settings) {
        gateway = GatewayFixture.start(b -> b.upstream(settings.apply(UpstreamConfig.builder()).build()));
    }

    private void startGatewayWithUpstream() {
        startGateway(u -> u.upstream(url(upstream, "/messages")).upstreamSecret(SECRET));
    }

    @Test
    void aCommandIsPostedWithEveryFieldItsDataAsSentAndTheHeaders() throws InterruptedException {
        upstream.answer(request -> new Answer.Http(200, "{\"msg\":\"sent\",\"data\":{\"n\":1}}"));
        startGatewayWithUpstream();
        WsClient alice = gateway.login("alice");

        Map<String, Object> reply = alice.request("{\"id\":\"c1\",\"cmd\":\"chat.send\","
                + "\"data\":{\"text\":\"h\\u00e9\",\"n\":1.50,\"big\":1e400}}");

        assertThat(reply).isEqualTo(Map.of("id", "c1", "cmd", "chat.send", "code", 200, "msg", "sent",
                "data", Map.of("n", 1)));
        TestHttpServer.Request request = upstream.requests().poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/messages");
        assertThat(request.authorization()).isEqualTo("Bearer " + SECRET);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(JsonTree.parseObject(request.body())).containsAllEntriesOf(Map.of("event", "message",
                "uid", "alice", "conn", alice.conn(), "node", gateway.nodeId(), "cmd", "chat.send", "id", "c1"));
        assertThat(request.body()).as("data exactly as the client sent it")
                .endsWith(",\"data\":{\"text\":\"h\\u00e9\",\"n\":1.50,\"big\":1e400}}");
    }

    @Test
    void withoutASecretNoAuthorizationIsSentAndACommandWithoutDataSendsNull() throws InterruptedException {
        startGateway(u -> u.upstream(url(upstream, "/")));
        WsClient alice = gateway.login("alice");

        assertThat(alice.request(Map.of("id", "c1", "cmd", "ping"))).containsEntry("code", 200);

        TestHttpServer.Request request = upstream.requests().poll(5, TimeUnit.SECONDS);
        assertThat(request.authorization()).isNull();
        assertThat(request.body()).endsWith(",\"data\":null}");
    }

    @Test
    void theFirstMatchingRouteTakesACommandAndTheUpstreamTheRest() throws InterruptedException {
        try (TestHttpServer chat = new TestHttpServer(request -> new Answer.Http(200, "{\"msg\":\"chat\"}"))) {
            upstream.answer(request -> new Answer.Http(200, "{\"msg\":\"rest\"}"));
            startGateway(u -> u.upstream(url(upstream, "/rest"))
                    .upstreamRoute("chat.*", url(chat, "/chat?v=1"))
                    .upstreamRoute("chat.send", url(upstream, "/never")));
            WsClient alice = gateway.login("alice");

            assertThat(alice.request(Map.of("id", "1", "cmd", "chat.send", "data", 1))).containsEntry("msg", "chat");
            assertThat(alice.request(Map.of("id", "2", "cmd", "profile.get"))).containsEntry("msg", "rest");

            assertThat(chat.requests().poll(5, TimeUnit.SECONDS).path()).isEqualTo("/chat?v=1");
            assertThat(upstream.requests().poll(5, TimeUnit.SECONDS).path()).isEqualTo("/rest");
            assertThat(chat.requests()).isEmpty();
            assertThat(upstream.requests()).isEmpty();
        }
    }

    @Test
    void aCommandNoRouteTakesIsAnUnknownCommandAsWithoutUpstream() {
        startGateway(u -> u.upstreamRoute("chat.*", url(upstream, "/chat")));
        WsClient alice = gateway.login("alice");

        assertThat(alice.request(Map.of("id", "1", "cmd", "profile.get"))).containsEntry("code", 404)
                .containsEntry("msg", "unknown command");
        assertThat(alice.request(Map.of("id", "2", "cmd", "refresh", "token", "t")))
                .as("the node's own command, with a bad token").containsEntry("code", 401);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void beforeLoginACommandIsRefusedWithoutACall() {
        startGatewayWithUpstream();
        WsClient client = gateway.connect();

        assertThat(client.request(Map.of("id", "1", "cmd", "chat.send"))).containsEntry("code", 401);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void theReplyCarriesTheStatusTheMessageOrTheReasonPhraseAndTheData() {
        startGatewayWithUpstream();
        WsClient alice = gateway.login("alice");

        upstream.answer(request -> new Answer.Http(201, ""));
        assertThat(alice.request(Map.of("id", "1", "cmd", "a"))).isEqualTo(Map.of("id", "1", "cmd", "a",
                "code", 201, "msg", "Created"));
        upstream.answer(request -> new Answer.Http(200, "{\"data\":[1,\"two\",{\"three\":3}],\"extra\":true}"));
        assertThat(alice.request(Map.of("id", "2", "cmd", "a"))).isEqualTo(Map.of("id", "2", "cmd", "a",
                "code", 200, "msg", "OK", "data", java.util.List.of(1, "two", Map.of("three", 3))));
        upstream.answer(request -> new Answer.Http(200, "{\"msg\":\"done\",\"data\":null}"));
        assertThat(alice.request(Map.of("id", "3", "cmd", "a"))).isEqualTo(Map.of("id", "3", "cmd", "a",
                "code", 200, "msg", "done"));
        upstream.answer(request -> new Answer.Http(500, "{\"msg\":\"backend broke\"}"));
        assertThat(alice.request(Map.of("id", "4", "cmd", "a"))).isEqualTo(Map.of("id", "4", "cmd", "a",
                "code", 500, "msg", "backend broke"));
    }

    @Test
    void theAnswersPushesReachAnotherUserAGroupAndAConnectionAndBadOnesAreLeftOut() {
        startGatewayWithUpstream();
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        WsClient carol = gateway.login("carol");
        gateway.api().post("/api/groups/join", Map.of("group", "room1", "uid", "carol")).expect(200);
        upstream.answer(request -> new Answer.Http(200, "{\"msg\":\"sent\",\"push\":["
                + "{\"data\":\"no target\"}, 5, {\"uid\":\"bob\",\"group\":\"room1\",\"data\":1}, {\"uid\":\"bob\"},"
                + "{\"uid\":\"bob\",\"id\":\"p-1\",\"data\":{\"from\":\"alice\",\"n\":1.50}},"
                + "{\"group\":\"room1\",\"id\":\"p-2\",\"data\":\"to the room\"},"
                + "{\"conn\":\"" + carol.conn() + "\",\"id\":\"p-3\",\"data\":\"to carol's connection\"}]}"));

        assertThat(alice.request(Map.of("id", "c1", "cmd", "chat.send"))).containsEntry("code", 200)
                .containsEntry("msg", "sent");

        assertThat(bob.nextPush()).isEqualTo(Map.of("cmd", "push", "id", "p-1", "stream", "user:bob", "seq", 1,
                "data", Map.of("from", "alice", "n", 1.5)));
        assertThat(carol.nextPush()).containsEntry("id", "p-2").containsEntry("group", "room1")
                .containsEntry("stream", "group:room1").containsEntry("data", "to the room");
        assertThat(carol.nextPush()).containsEntry("id", "p-3").containsEntry("data", "to carol's connection")
                .doesNotContainKey("stream");
        assertThat(gateway.server().upstreamFailures().count(Kind.BAD_PUSH)).isEqualTo(4);

        // The same answer again: the pushes' ids were seen, so the dedupe window keeps them from going out twice.
        assertThat(alice.request(Map.of("id", "c2", "cmd", "chat.send"))).containsEntry("code", 200);
        gateway.assertNothingMoreFor(alice, bob, carol);
    }

    @Test
    void aRefusalIsRepliedWithItsCodeAndPushesNothing() {
        startGatewayWithUpstream();
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        upstream.answer(request -> new Answer.Http(403, "{\"msg\":\"no swearing\"}"));

        assertThat(alice.request(Map.of("id", "c1", "cmd", "chat.send", "data", Map.of("to", "bob", "text", "!!"))))
                .isEqualTo(Map.of("id", "c1", "cmd", "chat.send", "code", 403, "msg", "no swearing"));
        upstream.answer(request -> new Answer.Http(422, ""));
        assertThat(alice.request(Map.of("id", "c2", "cmd", "chat.send"))).containsEntry("code", 422)
                .containsEntry("msg", "Unprocessable Entity");

        gateway.assertNothingMoreFor(alice, bob);
    }

    @Test
    void anUpstreamSilentPastTheTimeoutIsA504AndTheConnectionStaysOpen() {
        startGateway(u -> u.upstream(url(upstream, "/")).upstreamTimeout(Duration.ofMillis(300)));
        WsClient alice = gateway.login("alice");
        upstream.answer(request -> new Answer.Silence());

        assertThat(alice.request(Map.of("id", "c1", "cmd", "slow"))).isEqualTo(Map.of("id", "c1", "cmd", "slow",
                "code", 504, "msg", "the upstream did not answer in time"));
        assertThat(gateway.server().upstreamFailures().count(Kind.TIMEOUT)).isEqualTo(1);

        upstream.answer(request -> new Answer.Http(200, "{}"));
        assertThat(alice.request(Map.of("id", "c2", "cmd", "fast"))).containsEntry("code", 200);
    }

    @Test
    void aClosedPortIsA502AndTheConnectionStaysOpen() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        startGateway(u -> u.upstream(closed));
        WsClient alice = gateway.login("alice");

        for (String id : new String[] {"c1", "c2"}) {
            assertThat(alice.request(Map.of("id", id, "cmd", "chat.send"))).isEqualTo(Map.of("id", id,
                    "cmd", "chat.send", "code", 502, "msg", "the upstream cannot be reached"));
        }
        assertThat(gateway.server().upstreamFailures().count(Kind.UNREACHABLE)).isEqualTo(2);
        assertThat(alice.request(Map.of("id", "h", "cmd", "heartbeat"))).containsEntry("code", 200);
    }

    @Test
    void anAnswerThatIsNotAJsonObjectOrNotHttpIsA502() {
        startGatewayWithUpstream();
        WsClient alice = gateway.login("alice");

        upstream.answer(request -> new Answer.Http(200, "<html>ok</html>"));
        assertThat(alice.request(Map.of("id", "c1", "cmd", "a"))).containsEntry("code", 502)
                .containsEntry("msg", "bad answer from the upstream");
        upstream.answer(request -> new Answer.Http(200, "{\"msg\":42}"));
        assertThat(alice.request(Map.of("id", "c2", "cmd", "a"))).containsEntry("code", 502);
        upstream.answer(request -> new Answer.Http(200, "{\"push\":{\"uid\":\"bob\"}}"));
        assertThat(alice.request(Map.of("id", "c3", "cmd", "a"))).containsEntry("code", 502);
        upstream.answer(request -> new Answer.Garbage("SMTP ready\r\n\r\n"));
        assertThat(alice.request(Map.of("id", "c4", "cmd", "a"))).containsEntry("code", 502);
        assertThat(gateway.server().upstreamFailures().count(Kind.BAD_ANSWER)).isEqualTo(4);

        upstream.answer(request -> new Answer.Http(200, "{}"));
        assertThat(alice.request(Map.of("id", "c5", "cmd", "a"))).containsEntry("code", 200);
    }

    @Test
    void pastTheInflightBoundACommandIsA429WithoutACallAndLaterCommandsWork() throws InterruptedException {
        upstream.answer(request -> new Answer.Later(answerFor(request)));
        startGateway(u -> u.upstream(url(upstream, "/")).upstreamInflight(2));
        WsClient alice = gateway.login("alice");

        alice.send(Map.of("id", "c1", "cmd", "a"));
        alice.send(Map.of("id", "c2", "cmd", "a"));
        awaitRequests(2);
        assertThat(alice.request(Map.of("id", "c3", "cmd", "a"))).isEqualTo(Map.of("id", "c3", "cmd", "a",
                "code", 429, "msg", "too many commands under way at the upstream (at most 2)"));
        assertThat(upstream.requests()).as("no call for the refused command").isEmpty();
        assertThat(gateway.server().upstreamFailures().count(Kind.OVERLOADED)).isEqualTo(1);

        later("c1").complete(new Answer.Http(200, "{}"));
        later("c2").complete(new Answer.Http(200, "{}"));
        assertThat(java.util.List.of(alice.next().get("id"), alice.next().get("id"))).containsExactlyInAnyOrder("c1",
                "c2");
        upstream.answer(request -> new Answer.Http(200, "{\"msg\":\"again\"}"));
        assertThat(alice.request(Map.of("id", "c4", "cmd", "a"))).containsEntry("code", 200)
                .containsEntry("msg", "again");
    }

    @Test
    void withoutOrderRepliesGoOutAsTheyComplete() throws InterruptedException {
        startForOrder();
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");

        answerSecondFirst(alice, bob);

        assertThat(alice.next()).containsEntry("id", "o2").containsEntry("msg", "second");
        later("o1").complete(new Answer.Http(200, "{\"msg\":\"first\"}"));
        assertThat(alice.next()).containsEntry("id", "o1").containsEntry("msg", "first");
    }

    @Test
    void aClientThatLoggedInOrderedGetsItsRepliesInTheOrderItSentTheCommands() throws InterruptedException {
        startForOrder();
        WsClient alice = gateway.connect();
        Map<String, Object> login = new LinkedHashMap<>(Map.of("id", "l", "cmd", "login", "uid", "alice",
                "token", gateway.token("alice"), "ordered", true));
        assertThat(alice.request(login)).containsEntry("code", 200);
        WsClient bob = gateway.login("bob");

        assertOrdered(alice, bob);
    }

    @Test
    void anUpgradeLoginAsksForOrderWithAQueryParameter() throws InterruptedException {
        startForOrder();
        WsClient alice = gateway.track(WsClient.connect(URI.create(gateway.websocketUri() + "?uid=alice&token="
                + URLEncoder.encode(gateway.token("alice"), StandardCharsets.UTF_8) + "&ordered=true")));
        assertThat(alice.next()).containsEntry("cmd", "login").containsEntry("code", 200);
        WsClient bob = gateway.login("bob");

        assertOrdered(alice, bob);
    }

    private void assertOrdered(WsClient alice, WsClient bob) throws InterruptedException {
        answerSecondFirst(alice, bob);

        later("o1").complete(new Answer.Http(200, "{\"msg\":\"first\"}"));
        assertThat(alice.next()).containsEntry("id", "o1").containsEntry("msg", "first");
        assertThat(alice.next()).containsEntry("id", "o2").containsEntry("msg", "second");
    }

    private void startForOrder() {
        upstream.answer(request -> new Answer.Later(answerFor(request)));
        startGateway(u -> u.upstream(url(upstream, "/")));
    }

    /**
     * Sends o1 then o2 and answers o2 only, with a push to bob: once bob has it, the node has handled o2's answer
     * (it replies, or holds the reply, before it pushes), while o1 is still under way.
     */
    private void answerSecondFirst(WsClient alice, WsClient bob) throws InterruptedException {
        alice.send(Map.of("id", "o1", "cmd", "a"));
        alice.send(Map.of("id", "o2", "cmd", "a"));
        awaitRequests(2);
        later("o2").complete(new Answer.Http(200, "{\"msg\":\"second\",\"push\":[{\"uid\":\"bob\","
                + "\"data\":\"o2 answered\"}]}"));
        assertThat(bob.nextPush()).containsEntry("data", "o2 answered");
    }

    /** The answer to a request, which the test completes when it chooses, by the command's id. */
    private CompletableFuture<Answer.Http> answerFor(TestHttpServer.Request request) {
        return later((String) JsonTree.parseObject(request.body()).get("id"));
    }

    /** The answer to the command {@code id}, whether or not its request was read yet. */
    private CompletableFuture<Answer.Http> later(String id) {
        return later.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private void awaitRequests(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            assertThat(upstream.requests().poll(5, TimeUnit.SECONDS)).as("request %d of %d", i + 1, n).isNotNull();
        }
    }

    private static URI url(TestHttpServer server, String path) {
        return URI.create("http://" + server.address() + path);
    }
}
