package io.herald.gateway;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups end to end: joining and leaving through the API and through client commands (as the token's
 * {@code groups} claim allows), group and whole-node broadcasts, and membership that belongs to the user,
 * so it covers all of its connections and outlives them.
 */
class GroupIT {

    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        gateway = GatewayFixture.start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aGroupBroadcastReachesOnlyMembersAndNamesTheGroup() {
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        WsClient carol = gateway.login("carol");
        joinByApi("room1", "alice");
        joinByApi("room1", "bob");
        joinByApi("room2", "carol");

        ApiClient.Reply reply = gateway.api().broadcast(Map.of("group", "room1", "id", "g-1", "data", "hello room"));

        assertThat(reply.data()).isEqualTo(Map.of("id", "g-1", "delivered", 2, "seq", 1));
        for (WsClient member : List.of(alice, bob)) {
            assertThat(member.next()).isEqualTo(Map.of("cmd", "push", "id", "g-1", "stream", "group:room1", "seq", 1,
                    "group", "room1", "data", "hello room"));
        }
        gateway.assertNothingMoreFor(alice, bob, carol);
    }

    @Test
    void aBroadcastToAnEmptyGroupDeliversNothing() {
        WsClient alice = gateway.login("alice");

        assertThat(gateway.api().broadcast(Map.of("group", "nobody-here", "id", "g-2", "data", 1)).data("delivered"))
                .isEqualTo(0);
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void joiningByApiAnswersAnEmptyObject() {
        ApiClient.Reply reply = gateway.api().post("/api/groups/join", Map.of("group", "room1", "uid", "alice"))
                .expect(200);

        assertThat(reply.data()).isEmpty();
        assertThat(gateway.api().post("/api/groups/leave", Map.of("group", "room1", "uid", "alice"))
                .expect(200).data()).isEmpty();
    }

    @Test
    void aClientJoinsAGroupItsTokenAllowsAndIsRefusedOthers() {
        WsClient alice = gateway.login("alice", "room1", "room2");

        assertThat(alice.request(Map.of("id", "j1", "cmd", "join", "group", "room1")))
                .containsAllEntriesOf(Map.of("id", "j1", "cmd", "join", "code", 200, "msg", "ok"));
        Map<String, Object> refused = alice.request(Map.of("id", "j2", "cmd", "join", "group", "secret-room"));
        assertThat(refused).containsEntry("id", "j2").containsEntry("cmd", "join").containsEntry("code", 403);
        assertThat((String) refused.get("msg")).contains("secret-room");

        assertThat(broadcast("room1", "g-3")).isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "g-3").containsEntry("group", "room1");
        assertThat(broadcast("secret-room", "g-4")).isEqualTo(0);
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void aClientLeavesAGroupItsTokenAllows() {
        WsClient alice = gateway.login("alice", "room1");
        assertThat(alice.request(Map.of("id", "j", "cmd", "join", "group", "room1"))).containsEntry("code", 200);

        assertThat(alice.request(Map.of("id", "l", "cmd", "leave", "group", "room1")))
                .containsAllEntriesOf(Map.of("id", "l", "cmd", "leave", "code", 200, "msg", "ok"));
        Map<String, Object> refused = alice.request(Map.of("id", "l2", "cmd", "leave", "group", "room9"));

        assertThat(refused).containsEntry("id", "l2").containsEntry("cmd", "leave").containsEntry("code", 403);
        assertThat(broadcast("room1", "g-5")).isEqualTo(0);
        gateway.assertNothingMoreFor(alice);
    }

    @Test
    void aUserLeavesAGroupByApi() {
        WsClient alice = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        joinByApi("room1", "alice");
        joinByApi("room1", "bob");

        gateway.api().post("/api/groups/leave", Map.of("group", "room1", "uid", "alice")).expect(200);

        assertThat(broadcast("room1", "g-6")).isEqualTo(1);
        assertThat(bob.nextPush()).containsEntry("id", "g-6");
        gateway.assertNothingMoreFor(alice, bob);
    }

    @Test
    void everyConnectionOfAMemberReceivesGroupPushes() {
        WsClient phone = gateway.login("alice", "room1");
        WsClient laptop = gateway.login("alice", "room1");
        WsClient bob = gateway.login("bob", "room1");

        // One connection joins; the membership is the user's.
        assertThat(phone.request(Map.of("id", "j", "cmd", "join", "group", "room1"))).containsEntry("code", 200);

        assertThat(broadcast("room1", "g-7")).isEqualTo(2);
        assertThat(phone.nextPush()).containsEntry("id", "g-7");
        assertThat(laptop.nextPush()).containsEntry("id", "g-7");
        gateway.assertNothingMoreFor(phone, laptop, bob);

        // A connection opened after the join is in the group too.
        WsClient tablet = gateway.login("alice");
        assertThat(broadcast("room1", "g-8")).isEqualTo(3);
        for (WsClient client : List.of(phone, laptop, tablet)) {
            assertThat(client.nextPush()).containsEntry("id", "g-8");
        }
    }

    @Test
    void aUserJoinedByApiIsInTheGroupAgainAfterReconnecting() {
        WsClient alice = gateway.login("alice");
        joinByApi("room1", "alice");

        alice.close();
        assertThat(alice.awaitClose()).isEqualTo(1000);
        gateway.awaitOffline("alice");
        assertThat(broadcast("room1", "g-9")).isEqualTo(0);

        WsClient again = gateway.login("alice");
        assertThat(broadcast("room1", "g-10")).isEqualTo(1);
        assertThat(again.nextPush()).containsEntry("id", "g-10").containsEntry("group", "room1");
        gateway.assertNothingMoreFor(again);
    }

    @Test
    void aUserJoinedByApiWhileOfflineIsInTheGroupOnLogin() {
        joinByApi("room1", "alice");

        WsClient alice = gateway.login("alice");

        assertThat(broadcast("room1", "g-11")).isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "g-11");
    }

    @Test
    void aBroadcastWithoutAGroupReachesEveryLoggedInConnection() {
        WsClient alice = gateway.login("alice");
        WsClient aliceToo = gateway.login("alice");
        WsClient bob = gateway.login("bob");
        WsClient anonymous = gateway.connect();
        joinByApi("room1", "bob");

        ApiClient.Reply reply = gateway.api().broadcast(Map.of("id", "all-1", "data", Map.of("notice", "maintenance")));

        assertThat(reply.data()).isEqualTo(Map.of("id", "all-1", "delivered", 3, "seq", 1));
        for (WsClient client : List.of(alice, aliceToo, bob)) {
            assertThat(client.next()).isEqualTo(Map.of("cmd", "push", "id", "all-1", "stream", "all", "seq", 1,
                    "data", Map.of("notice", "maintenance")));
        }
        gateway.assertNothingMoreFor(alice, aliceToo, bob);
        // The connection that never logged in got nothing: its next message is its own reply.
        assertThat(anonymous.request(Map.of("id", "hb", "cmd", "heartbeat"))).containsEntry("id", "hb");
    }

    @Test
    void theGroupOnlineQueryListsTheConnectedMembers() {
        assertThat(groupOnline("room1")).isEqualTo(Map.of("count", 0, "uids", List.of()));
        WsClient alice = gateway.login("alice");
        gateway.login("bob");
        joinByApi("room1", "alice");
        joinByApi("room1", "bob");
        joinByApi("room1", "carol");

        Map<String, Object> online = groupOnline("room1");
        assertThat(online).containsEntry("count", 2);
        assertThat(online.get("uids")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("alice", "bob");

        alice.close();
        alice.awaitClose();
        gateway.awaitOffline("alice");
        assertThat(groupOnline("room1")).isEqualTo(Map.of("count", 1, "uids", List.of("bob")));
    }

    private Map<String, Object> groupOnline(String group) {
        return gateway.api().get("/api/groups/online?group=" + group).expect(200).data();
    }

    private void joinByApi(String group, String uid) {
        gateway.api().post("/api/groups/join", Map.of("group", group, "uid", uid)).expect(200);
    }

    private Object broadcast(String group, String id) {
        return gateway.api().broadcast(Map.of("group", group, "id", id, "data", id)).data("delivered");
    }
}
