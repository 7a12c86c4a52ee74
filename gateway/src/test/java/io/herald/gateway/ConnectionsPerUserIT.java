package io.herald.gateway;

import io.herald.gateway.capacity.CapacityConfig;
import io.herald.route.ConnectionLimit;
import io.herald.route.testing.TestHttpServer;
import io.herald.route.testing.TestHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --max-conns-per-user} on a node alone, with real clients: a login past the limit is refused (429, then
 * 4010) or replaces the user's oldest connection (4010 and a {@code replaced} disconnect event); other users and
 * the connections that stay are untouched.
 */
class ConnectionsPerUserIT {

    private TestHttpServer backend;
    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(int max, ConnectionLimit.Policy policy) throws InterruptedException {
        backend = new TestHttpServer(request -> new Answer.Http(200, "{}"));
        gateway = GatewayFixture.start(b -> b.nodeId("limit-node")
                .events(URI.create("http://" + backend.address() + "/events"))
                .capacity(CapacityConfig.builder().maxConnsPerUser(max).connsPerUserPolicy(policy).build()));
    }

    @Test
    void rejectRefusesTheLoginPastTheLimitAndKeepsTheOthers() throws InterruptedException {
        start(2, ConnectionLimit.Policy.REJECT);
        WsClient first = gateway.login("alice");
        WsClient second = gateway.login("alice");
        WsClient third = gateway.connect();

        Map<String, Object> reply = third.tryLogin("alice", gateway.token("alice"), null);

        assertThat(reply).containsEntry("code", 429)
                .containsEntry("msg", "too many connections for this user (at most 2)");
        assertThat(third.awaitClose()).isEqualTo(4010);
        assertThat(third.closeReason()).isEqualTo("too many connections for this user");
        assertThat(gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1)).data("delivered"))
                .isEqualTo(2);
        assertThat(first.nextPush()).containsEntry("id", "m-1");
        assertThat(second.nextPush()).containsEntry("id", "m-1");
        gateway.login("bob");

        first.close();
        assertThat(first.awaitClose()).isEqualTo(1000);
        WsClient again = gateway.eventually("a place free again", () -> {
            WsClient client = gateway.connect();
            Map<String, Object> answer = client.tryLogin("alice", gateway.token("alice"), null);
            if (!Integer.valueOf(200).equals(answer.get("code"))) {
                client.abort();
                return null;
            }
            return client;
        }, client -> client != null);
        assertThat(again.closed()).isFalse();
    }

    @Test
    void rejectAnswersAnUpgradeLoginPastTheLimitInItsFirstFrame() throws InterruptedException {
        start(1, ConnectionLimit.Policy.REJECT);
        WsClient first = gateway.login("alice");
        URI upgrade = URI.create(gateway.websocketUri() + "?uid=alice&token=" + gateway.token("alice"));

        WsClient refused = gateway.track(WsClient.connect(upgrade));

        assertThat(refused.next()).doesNotContainKey("id").containsEntry("cmd", "login").containsEntry("code", 429);
        assertThat(refused.awaitClose()).isEqualTo(4010);
        gateway.assertNothingMoreFor(first);
    }

    @Test
    void replaceClosesTheOldestWith4010AndReportsItReplaced() throws InterruptedException {
        start(2, ConnectionLimit.Policy.REPLACE);
        WsClient oldest = gateway.login("alice");
        WsClient middle = gateway.login("alice");
        WsClient other = gateway.login("bob");

        WsClient newest = gateway.login("alice");

        assertThat(oldest.awaitClose()).isEqualTo(4010);
        assertThat(oldest.closeReason()).isEqualTo("replaced: too many connections for this user");
        Map<String, Object> disconnect = disconnectOf(oldest.conn());
        assertThat(disconnect).containsEntry("uid", "alice").containsEntry("code", 4010)
                .containsEntry("reason", "replaced");
        assertThat(gateway.api().push(Map.of("uid", "alice", "id", "m-1", "data", 1)).data("delivered"))
                .isEqualTo(2);
        assertThat(middle.nextPush()).containsEntry("id", "m-1");
        assertThat(newest.nextPush()).containsEntry("id", "m-1");
        assertThat(middle.closed()).isFalse();
        gateway.assertNothingMoreFor(other);

        WsClient latest = gateway.login("alice");
        assertThat(middle.awaitClose()).as("then the next oldest").isEqualTo(4010);
        gateway.assertNothingMoreFor(newest, latest);
    }

    /** The disconnect event of connection {@code conn}, from the events the node POSTed; waits for it. */
    private Map<String, Object> disconnectOf(String conn) throws InterruptedException {
        List<Map<String, Object>> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(WsClient.WAIT);
        while (Instant.now().isBefore(deadline)) {
            TestHttpServer.Request request = backend.requests().poll(
                    Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            if (request == null) {
                break;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> batch = (List<Map<String, Object>>) JsonTree.parseObject(request.body())
                    .get("events");
            for (Map<String, Object> event : batch) {
                seen.add(new HashMap<>(event));
                if ("disconnect".equals(event.get("event")) && conn.equals(event.get("conn"))) {
                    return event;
                }
            }
        }
        throw new AssertionError("no disconnect event of " + conn + " within " + WsClient.WAIT + "; saw " + seen);
    }
}
