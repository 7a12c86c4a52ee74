package io.herald.cli;

import io.herald.codec.TokenMinter;
import io.herald.gateway.JsonTree;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every independent client must be able to do with a node, played the same way whatever the client: a real
 * node process with {@code --secret}, real HS256 tokens, pushes through the API. Each run takes a user of its own
 * (and a group of its own), so that its streams start at seq 1. Called from the test thread.
 */
final class InteropScenario implements AutoCloseable {

    private static final String SECRET = "interop-secret-interop-secret-interop-secret";
    private static final Duration TOKEN_TTL = Duration.ofMinutes(5);

    private final AtomicInteger users = new AtomicInteger();
    private final TokenMinter minter = new TokenMinter(SECRET);
    private final NodeProcess node;
    private final ApiClient api;

    private InteropScenario(NodeProcess node) {
        this.node = node;
        this.api = ApiClient.of(node);
    }

    /** Starts a node that checks tokens with its secret. */
    static InteropScenario start(String name) {
        return new InteropScenario(NodeProcess.start(name, List.of("--secret", SECRET), Map.of()));
    }

    /** What the node printed, for a failed test. */
    String output() {
        return node.output();
    }

    /**
     * Connects without a login, logs in with the {@code login} command, joins a group with {@code join}, gets a
     * heartbeat reply, a push to its user (awaiting its ack, which the client sends) and a broadcast to its group,
     * then closes with 1000 and gets 1000 back.
     */
    @SuppressWarnings("unchecked")
    void loginCommandJoinPushAckHeartbeatClose(Function<URI, InteropClient> connect) {
        String uid = uid();
        String group = "room-" + uid;
        try (InteropClient client = connect.apply(node.webSocket())) {
            client.send(JsonTree.write(Map.of("id", "1", "cmd", "login", "uid", uid,
                    "token", minter.mint(uid, List.of(group), TOKEN_TTL))));
            Map<String, Object> login = client.next();
            assertThat(login).as("the login reply").containsEntry("id", "1").containsEntry("cmd", "login")
                    .containsEntry("code", 200).containsEntry("msg", "ok");
            Map<String, Object> data = (Map<String, Object>) login.get("data");
            assertThat(data.get("conn")).as("the connection's id").isInstanceOf(String.class);
            assertThat(data).containsEntry("recovered", true);
            assertThat((Map<String, Object>) data.get("streams")).containsKeys("user:" + uid, "all");

            client.send(JsonTree.write(Map.of("id", "2", "cmd", "join", "group", group)));
            assertThat(client.next()).as("the join reply").containsEntry("id", "2").containsEntry("cmd", "join")
                    .containsEntry("code", 200);
            client.send(JsonTree.write(Map.of("id", "3", "cmd", "join", "group", "not-in-the-token")));
            assertThat(client.next()).as("a join the token does not allow").containsEntry("id", "3")
                    .containsEntry("code", 403);

            client.send("{\"id\":\"4\",\"cmd\":\"heartbeat\"}");
            assertThat(client.next()).as("the heartbeat reply").containsEntry("id", "4")
                    .containsEntry("cmd", "heartbeat").containsEntry("code", 200).containsEntry("msg", "ok");

            CompletableFuture<Map<String, Object>> awaited = CompletableFuture.supplyAsync(() -> api.post("/api/push",
                    JsonTree.write(Map.of("uid", uid, "id", "m-1", "data", Map.of("n", 1), "await", "ack",
                            "timeout", "5s"))));
            Map<String, Object> push = client.next();
            assertThat(push).as("the push to the user").containsEntry("cmd", "push").containsEntry("id", "m-1")
                    .containsEntry("stream", "user:" + uid).containsEntry("seq", 1)
                    .containsEntry("data", Map.of("n", 1)).doesNotContainKey("group");
            client.send("{\"cmd\":\"ack\",\"id\":\"m-1\"}");
            assertThat(awaited.orTimeout(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS).join())
                    .as("the API's answer, once the client acked").containsEntry("delivered", 1)
                    .containsEntry("acked", 1).containsEntry("seq", 1);

            Map<String, Object> broadcast = api.post("/api/broadcast",
                    JsonTree.write(Map.of("group", group, "id", "g-1", "data", "hello")));
            assertThat(broadcast).containsEntry("delivered", 1);
            assertThat(client.next()).as("the group broadcast").containsEntry("cmd", "push")
                    .containsEntry("id", "g-1").containsEntry("stream", "group:" + group).containsEntry("seq", 1)
                    .containsEntry("group", group).containsEntry("data", "hello");

            assertThat(client.closeNormally()).as("the node's close code").isEqualTo(1000);
        }
    }

    /**
     * Logs in on the upgrade request ({@code /ws?uid=…&token=…}): the login reply, without an id, is the first
     * frame; a push reaches it; a second login is 409; it closes with 1000 and gets 1000 back.
     */
    void loginOnUpgradePushClose(Function<URI, InteropClient> connect) {
        String uid = uid();
        String token = minter.mint(uid, List.of(), TOKEN_TTL);
        URI uri = URI.create(node.webSocket() + "?uid=" + uid + "&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        try (InteropClient client = connect.apply(uri)) {
            Map<String, Object> login = client.next();
            assertThat(login).as("the login reply, first").containsEntry("cmd", "login").containsEntry("code", 200)
                    .doesNotContainKey("id");

            assertThat(api.push(uid, "u-1", List.of(1, "two"))).as("delivered").isEqualTo(1);
            assertThat(client.next()).as("the push").containsEntry("cmd", "push").containsEntry("id", "u-1")
                    .containsEntry("stream", "user:" + uid).containsEntry("seq", 1)
                    .containsEntry("data", List.of(1, "two"));

            client.send(JsonTree.write(Map.of("id", "2", "cmd", "login", "uid", uid, "token", token)));
            assertThat(client.next()).as("a second login").containsEntry("id", "2").containsEntry("code", 409);

            assertThat(client.closeNormally()).as("the node's close code").isEqualTo(1000);
        }
    }

    private String uid() {
        return "user" + users.incrementAndGet();
    }

    @Override
    public void close() {
        node.close();
    }
}
