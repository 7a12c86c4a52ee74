package io.herald.gateway;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.route.testing.TestHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Acks, awaited acks, receipts to --events, and pushes stored until acked, on a node alone. */
class AcksIT {

    private TestHttpServer backend;
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws InterruptedException {
        backend = new TestHttpServer(request -> new TestHttpServer.Answer.Http(200, "{}"));
        gateway = GatewayFixture.start(b -> b.events(URI.create("http://" + backend.address() + "/events")));
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.close();
    }

    @Test
    void anAwaitedPushAnswersOnceEveryConnectionAckedIt() throws Exception {
        WsClient web = gateway.login("alice");
        WsClient phone = gateway.login("alice");

        CompletableFuture<ApiClient.Reply> answer = CompletableFuture.supplyAsync(() -> gateway.api().push(
                Map.of("uid", "alice", "id", "m-1", "data", 1, "await", "ack", "timeout", "10s")));
        web.ack((String) web.nextPush().get("id"));
        assertThat(answer).as("the phone has not acked yet").isNotDone();
        phone.ack((String) phone.nextPush().get("id"));

        assertThat(answer.get(5, TimeUnit.SECONDS).data())
                .isEqualTo(Map.of("id", "m-1", "delivered", 2, "acked", 2, "seq", 1));
    }

    @Test
    void anAwaitedPushThatIsNotAckedAnswersAtItsTimeoutWithHowManyDid() {
        WsClient web = gateway.login("alice");
        gateway.login("alice");
        CompletableFuture<ApiClient.Reply> answer = CompletableFuture.supplyAsync(() -> gateway.api().push(
                Map.of("uid", "alice", "id", "m-1", "data", 1, "await", "ack", "timeout", "300ms")));
        web.ack((String) web.nextPush().get("id"));
        web.ack("an-id-nothing-waits-for");

        assertThat(answer.join().data()).containsEntry("delivered", 2).containsEntry("acked", 1);
    }

    @Test
    void awaitOptionsAreChecked() {
        assertThat(gateway.api().post("/api/push", Map.of("uid", "a", "data", 1, "await", "yes")).expect(400).msg())
                .isEqualTo("field 'await' must be \"ack\"");
        assertThat(gateway.api().post("/api/push", Map.of("uid", "a", "data", 1, "await", "ack", "timeout", "2m"))
                .expect(400).msg()).isEqualTo("field 'timeout' must be a duration such as 500ms, 25s, 5m or 1h, "
                + "at most 1m");
        assertThat(gateway.api().post("/api/push", Map.of("conn", "c", "data", 1, "ttl", "1h")).expect(400).msg())
                .isEqualTo("field 'ttl' is for pushes to 'uid' or 'uids'");
        assertThat(gateway.api().post("/api/push", Map.of("uid", "a", "data", 1, "receipt", "yes")).expect(400)
                .msg()).isEqualTo("field 'receipt' must be true or false");
    }

    @Test
    void aReceiptIsPostedForEachAckOfAPushThatAskedForOne() throws Exception {
        WsClient alice = gateway.login("alice");
        gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1, "receipt", true));
        gateway.api().push(Map.of("uid", "alice", "id", "m-2", "data", 2));

        alice.ack((String) alice.nextPush().get("id"));
        alice.ack((String) alice.nextPush().get("id"));

        JsonObject event = onlyEvent();
        assertThat(event.optString("event")).isEqualTo("ack");
        assertThat(event.optString("id")).isEqualTo("m-1");
        assertThat(event.optString("uid")).isEqualTo("alice");
        assertThat(event.optString("conn")).isEqualTo(alice.conn());
        assertThat(event.optString("node")).isEqualTo(gateway.nodeId());
    }

    @Test
    void aStoredPushComesAgainAtEveryLoginUntilAckedThenNeverAgain() {
        ApiClient.Reply reply = gateway.api().push(Map.of("uid", "alice", "id", "offline", "data", "for later",
                "ttl", "1h"));
        assertThat(reply.data()).containsEntry("delivered", 0).containsEntry("stored", 1);

        WsClient first = gateway.login("alice");
        assertThat(first.nextPush()).containsEntry("id", "offline").containsEntry("data", "for later");
        first.close();
        gateway.awaitOffline("alice");
        WsClient second = gateway.login("alice");
        assertThat(second.nextPush()).as("not acked: it comes again").containsEntry("id", "offline");
        second.ack("offline");
        gateway.assertNothingMoreFor(second);
        second.close();
        gateway.awaitOffline("alice");

        WsClient third = gateway.login("alice");
        gateway.assertNothingMoreFor(third);
    }

    @Test
    void aStoredPushToSeveralUsersIsStoredForEachAndGoesOutLiveToo() {
        WsClient bob = gateway.login("bob");

        ApiClient.Reply reply = gateway.api().push(Map.of("uids", List.of("alice", "bob"), "id", "m-1", "data", 1,
                "ttl", "10m"));

        assertThat(reply.data()).containsEntry("delivered", 1).containsEntry("stored", 2).doesNotContainKey("seq");
        assertThat(bob.nextPush()).containsEntry("id", "m-1");
        bob.ack("m-1");
        gateway.assertNothingMoreFor(bob);
        assertThat(gateway.login("alice").nextPush()).containsEntry("id", "m-1");
    }

    @Test
    void aStoredPushThatExpiresUnackedIsReportedOnce() throws Exception {
        gateway.api().push(Map.of("uid", "alice", "id", "short-lived", "data", 1, "ttl", "200ms", "receipt", true));

        JsonObject event = onlyEvent();

        assertThat(event.optString("event")).isEqualTo("expired");
        assertThat(event.optString("id")).isEqualTo("short-lived");
        assertThat(event.optString("uid")).isEqualTo("alice");
        gateway.assertNothingMoreFor(gateway.login("alice"));
    }

    /**
     * The first receipt the backend receives; it must come alone among the receipts of its batch (connection events
     * come in the same batches).
     */
    private JsonObject onlyEvent() throws Exception {
        while (true) {
            TestHttpServer.Request request = backend.requests().poll(10, TimeUnit.SECONDS);
            assertThat(request).as("an events request").isNotNull();
            assertThat(request.path()).isEqualTo("/events");
            byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
            List<JsonObject> receipts = new ArrayList<>();
            for (JsonObject event : JsonObject.parse(new Json(), body, 0, body.length).optObjectList("events")) {
                String type = event.optString("event");
                if (!"connect".equals(type) && !"disconnect".equals(type)) {
                    receipts.add(event);
                }
            }
            if (!receipts.isEmpty()) {
                assertThat(receipts).hasSize(1);
                return receipts.get(0);
            }
        }
    }
}
