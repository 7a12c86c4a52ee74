package io.herald.gateway;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence as the API reports it ({@code /api/online}, {@code /api/nodes}) across a connection's life:
 * before login, after login, after the client closes and after the server kicks it; and {@code /api/kick}.
 */
class OnlineIT {

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start(settings -> settings.nodeId("online-node"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aUserIsOnlineFromLoginUntilItsConnectionCloses() {
        assertThat(online("alice")).isEqualTo(Map.of("online", false, "connections", List.of()));
        WsClient alice = gateway.connect();
        assertThat(online("alice")).containsEntry("online", false);

        alice.login("alice", gateway.token("alice"), "web");

        assertThat(online("alice")).isEqualTo(Map.of("online", true, "connections",
                List.of(Map.of("conn", alice.conn(), "node", "online-node", "device", "web"))));
        alice.close();
        assertThat(alice.awaitClose()).isEqualTo(1000);
        gateway.awaitOffline("alice");
        assertThat(online("alice")).isEqualTo(Map.of("online", false, "connections", List.of()));
    }

    @Test
    void everyConnectionOfAUserIsListedUntilItCloses() {
        WsClient phone = gateway.connect();
        phone.login("alice", gateway.token("alice"), "phone");
        WsClient noDevice = gateway.login("alice");

        Map<String, Object> online = online("alice");
        assertThat(online.get("connections")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder(
                Map.of("conn", phone.conn(), "node", "online-node", "device", "phone"),
                device(noDevice.conn(), null));

        phone.close();
        phone.awaitClose();
        GatewayFixture.eventually("one connection left", () -> online("alice"),
                answer -> ((List<?>) answer.get("connections")).size() == 1);
        assertThat(online("alice")).isEqualTo(Map.of("online", true, "connections",
                List.of(device(noDevice.conn(), null))));
    }

    private Map<String, Object> device(String conn, String device) {
        Map<String, Object> route = new HashMap<>();
        route.put("conn", conn);
        route.put("node", "online-node");
        route.put("device", device);
        return route;
    }

    @Test
    void aUidOutsideAsciiIsFoundByItsUrlEncodedName() {
        String uid = "zoë+用户 1";
        WsClient client = gateway.login(uid);

        Map<String, Object> online = gateway.api()
                .get("/api/online?uid=" + URLEncoder.encode(uid, StandardCharsets.UTF_8)).expect(200).data();

        assertThat(online).containsEntry("online", true);
        assertThat(gateway.api().push(Map.of("uid", uid, "id", "m-1", "data", uid)).data("delivered")).isEqualTo(1);
        assertThat(client.nextPush()).containsEntry("data", uid);
    }

    @Test
    void aConnectionDroppedWithoutACloseHandshakeGoesOffline() {
        WsClient alice = gateway.login("alice");

        alice.abort();

        gateway.awaitOffline("alice");
    }

    @Test
    void theNodesQueryListsThisNodeWithItsConnectionCount() {
        Map<String, Object> node = Map.of("node", "online-node",
                "address", "127.0.0.1:" + gateway.server().apiAddress().getPort(), "connections", 0);
        assertThat(gateway.api().get("/api/nodes").expect(200).data()).isEqualTo(Map.of("nodes", List.of(node)));
        gateway.login("alice");
        gateway.login("alice");
        WsClient bob = gateway.login("bob");
        gateway.connect();

        assertThat(gateway.api().get("/api/nodes").expect(200).data("nodes"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
                .isEqualTo(Map.of("node", "online-node", "address", node.get("address"), "connections", 3));
        bob.close();
        bob.awaitClose();
        GatewayFixture.eventually("2 connections", () -> gateway.api().get("/api/nodes").expect(200),
                reply -> reply.data("nodes").equals(List.of(Map.of(
                        "node", "online-node", "address", node.get("address"), "connections", 2))));
    }

    @Test
    void kickingAUserClosesEachOfItsConnectionsWith4003() {
        WsClient phone = gateway.login("alice");
        WsClient laptop = gateway.login("alice");
        WsClient bob = gateway.login("bob");

        ApiClient.Reply reply = gateway.api().post("/api/kick", Map.of("uid", "alice")).expect(200);

        assertThat(reply.data()).isEqualTo(Map.of("closed", 2));
        assertThat(phone.awaitClose()).isEqualTo(4003);
        assertThat(laptop.awaitClose()).isEqualTo(4003);
        gateway.awaitOffline("alice");
        assertThat(bob.closed()).isFalse();
        gateway.assertNothingMoreFor(bob);
    }

    @Test
    void kickingAConnectionClosesOnlyThatOne() {
        WsClient phone = gateway.login("alice");
        WsClient laptop = gateway.login("alice");

        ApiClient.Reply reply = gateway.api().post("/api/kick", Map.of("conn", phone.conn())).expect(200);

        assertThat(reply.data()).isEqualTo(Map.of("closed", 1));
        assertThat(phone.awaitClose()).isEqualTo(4003);
        GatewayFixture.eventually("one connection left", () -> online("alice"),
                answer -> ((List<?>) answer.get("connections")).size() == 1);
        assertThat(laptop.request(Map.of("id", "hb", "cmd", "heartbeat"))).containsEntry("code", 200);
        assertThat(gateway.api().push(Map.of("uid", "alice", "id", "after-kick", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(laptop.nextPush()).containsEntry("id", "after-kick");
    }

    @Test
    void kickingSomeoneWhoIsNotConnectedClosesNothing() {
        gateway.login("alice");

        assertThat(gateway.api().post("/api/kick", Map.of("uid", "nobody")).expect(200).data())
                .isEqualTo(Map.of("closed", 0));
        assertThat(gateway.api().post("/api/kick", Map.of("conn", "no-such-conn")).expect(200).data())
                .isEqualTo(Map.of("closed", 0));
    }

    private Map<String, Object> online(String uid) {
        return gateway.api().get("/api/online?uid=" + uid).expect(200).data();
    }
}
