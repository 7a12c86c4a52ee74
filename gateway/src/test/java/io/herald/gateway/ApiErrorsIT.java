package io.herald.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error path of the HTTP API (PROTOCOL.md): 400 naming the field for bad bodies and parameters, 404,
 * 405 and 413, always as {@code {"code":…,"msg":…,"data":null}} with the same HTTP status, and a node that
 * keeps serving afterwards. The API key's 401s are in {@link ApiKeyIT}.
 */
class ApiErrorsIT {

    private static final int MAX_BODY_BYTES = 512;

    private GatewayFixture gateway;
    private ApiClient api;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.maxBodyBytes(MAX_BODY_BYTES));
        api = gateway.api();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aPushWithABadBodyIs400NamingTheField() {
        assertBadRequest(api.post("/api/push", "{\"uid\":\"alice\",\"data\":"), "malformed JSON");
        assertBadRequest(api.post("/api/push", "not json at all"), "malformed JSON");
        assertBadRequest(api.post("/api/push", "[{\"uid\":\"alice\"}]"), "expected a JSON object");
        assertBadRequest(api.post("/api/push", ""), "expected a JSON object");
        assertBadRequest(api.post("/api/push", Map.of("uid", "alice", "id", "m-1")), "'data'");
        assertBadRequest(api.post("/api/push", Map.of("uid", 42, "data", 1)), "'uid'");
        assertBadRequest(api.post("/api/push", Map.of("uid", "", "data", 1)), "'uid'");
        assertBadRequest(api.post("/api/push", Map.of("uids", "alice", "data", 1)), "'uids'");
        assertBadRequest(api.post("/api/push", Map.of("uids", List.of("alice", 7), "data", 1)), "'uids'");
        assertBadRequest(api.post("/api/push", Map.of("uids", List.of(), "data", 1)), "'uids'");
        assertBadRequest(api.post("/api/push", Map.of("conn", true, "data", 1)), "'conn'");
        assertBadRequest(api.post("/api/push", Map.of("uid", "alice", "id", 5, "data", 1)), "'id'");
        assertBadRequest(api.post("/api/push", Map.of("uid", "alice", "id", "", "data", 1)), "'id'");
        ApiClient.Reply missingTarget = api.post("/api/push", Map.of("id", "m-2", "data", 1));
        assertBadRequest(missingTarget, "'uid'");
        assertThat(missingTarget.msg()).contains("'uids'", "'conn'");
        ApiClient.Reply twoTargets = api.post("/api/push", Map.of("uid", "alice", "conn", "c-1", "data", 1));
        assertBadRequest(twoTargets, "'uid'");
        assertThat(twoTargets.msg()).contains("'conn'");
        assertBadRequest(api.post("/api/push", Map.of("uid", "alice", "uids", List.of("bob"), "data", 1)), "'uids'");
    }

    @Test
    void aRefusedPushIsNotRememberedAsSeen() {
        WsClient alice = gateway.login("alice");
        assertBadRequest(api.post("/api/push", Map.of("uid", "alice", "id", "m-retry")), "'data'");

        ApiClient.Reply retried = api.push(Map.of("uid", "alice", "id", "m-retry", "data", "now with data"));

        assertThat(retried.data()).containsAllEntriesOf(Map.of("id", "m-retry", "delivered", 1));
        assertThat(alice.nextPush()).containsEntry("id", "m-retry");
    }

    @Test
    void otherEndpointsAnswer400NamingTheField() {
        assertBadRequest(api.post("/api/broadcast", Map.of("group", "room1")), "'data'");
        assertBadRequest(api.post("/api/broadcast", Map.of("group", 1, "data", 1)), "'group'");
        assertBadRequest(api.post("/api/broadcast", Map.of("group", "", "data", 1)), "'group'");
        assertBadRequest(api.post("/api/groups/join", Map.of("group", "room1")), "'uid'");
        assertBadRequest(api.post("/api/groups/join", Map.of("uid", "alice")), "'group'");
        assertBadRequest(api.post("/api/groups/leave", Map.of("group", "room1", "uid", List.of("alice"))), "'uid'");
        assertBadRequest(api.post("/api/kick", Map.of()), "'uid'");
        assertBadRequest(api.post("/api/kick", Map.of("uid", "alice", "conn", "c-1")), "'conn'");
        assertBadRequest(api.post("/api/kick", Map.of("uid", "")), "'uid'");
        assertBadRequest(api.get("/api/online"), "'uid'");
        assertBadRequest(api.get("/api/online?uid="), "'uid'");
        assertBadRequest(api.get("/api/groups/online?uid=alice"), "'group'");
    }

    @Test
    void anUnknownPathIs404() {
        ApiClient.Reply reply = api.get("/api/nope").expect(404);

        assertThat(reply.body()).containsEntry("msg", "unknown path").containsEntry("data", null);
        api.post("/api/push/extra", Map.of("uid", "alice", "data", 1)).expect(404);
        api.get("/").expect(404);
    }

    @Test
    void aWrongMethodIs405NamingTheRightOne() {
        ApiClient.Reply get = api.get("/api/push").expect(405);
        assertThat(get.msg()).contains("POST");
        assertThat(get.response().headers().firstValue("Allow")).contains("POST");

        ApiClient.Reply post = api.post("/api/online?uid=alice", Map.of()).expect(405);
        assertThat(post.response().headers().firstValue("Allow")).contains("GET");
        api.send(api.request("/api/kick").DELETE()).expect(405);
        api.send(api.request("/api/groups/join").PUT(HttpRequest.BodyPublishers.ofString("{}"))).expect(405);
    }

    @Test
    void aBodyOverTheLimitIs413AndTheNodeKeepsServing() {
        WsClient alice = gateway.login("alice");
        String data = "x".repeat(MAX_BODY_BYTES);

        ApiClient.Reply reply = api.post("/api/push", Map.of("uid", "alice", "id", "m-big", "data", data)).expect(413);

        assertThat(reply.msg()).contains(String.valueOf(MAX_BODY_BYTES));
        assertThat(reply.body()).containsEntry("data", null);
        // The push was not delivered, and a body under the limit is.
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void everyResponseIsJsonWithTheStatusAsItsCode() {
        for (ApiClient.Reply reply : List.of(api.get("/healthz"), api.get("/api/nope"), api.get("/api/push"),
                api.post("/api/push", "{"))) {
            assertThat(reply.response().headers().firstValue("Content-Type")).contains("application/json");
            assertThat(reply.body()).containsOnlyKeys("code", "msg", "data");
            assertThat(reply.code()).isEqualTo(reply.status());
        }
    }

    @Test
    void healthIsServedOnBothPorts() {
        gateway.login("alice");
        Map<String, Object> health = Map.of("status", "ok", "node", gateway.nodeId(), "connections", 1);

        assertThat(api.get("/healthz").expect(200).data()).isEqualTo(health);
        assertThat(gateway.clientPortHttp().get("/healthz").expect(200).data()).isEqualTo(health);
    }

    @Test
    void aNodeWithoutAnApiKeyAsksForNone() {
        ApiClient withAKey = gateway.api(Optional.of("some-key"));

        assertThat(withAKey.get("/api/online?uid=alice").expect(200).data("online")).isEqualTo(false);
    }

    private static void assertBadRequest(ApiClient.Reply reply, String problem) {
        reply.expect(400);
        assertThat(reply.msg()).contains(problem);
        assertThat(reply.body()).containsEntry("data", null);
    }
}
