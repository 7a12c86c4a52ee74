package io.herald.gateway.cluster;

import io.herald.gateway.ApiClient;
import io.herald.gateway.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.herald.gateway.cluster.ClusterNodes.connectionIds;
import static io.herald.gateway.cluster.ClusterNodes.connections;
import static io.herald.gateway.cluster.ClusterNodes.join;
import static io.herald.gateway.cluster.ClusterNodes.leave;
import static io.herald.gateway.cluster.ClusterNodes.liveNodes;
import static io.herald.gateway.cluster.ClusterNodes.nodeAddresses;
import static io.herald.gateway.cluster.ClusterNodes.onlineMembers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cluster of three nodes promises whichever node a backend calls: pushes to users, connections, groups
 * and everyone reach every connection on every node and {@code delivered} counts them all; online queries,
 * group lists, kicks and {@code /api/nodes} answer for the whole cluster; group membership bound through the
 * API is cluster-wide and survives a reconnect to another node; a message id is a duplicate on every node.
 * Run against one Redis server and against a Redis Cluster by the subclasses, which own the Redis.
 */
abstract class ClusterBehaviour {

    private ClusterNodes cluster;
    private ClusterNode n1;
    private ClusterNode n2;
    private ClusterNode n3;

    /** The {@code --redis} value of the Redis the subclass started. */
    abstract String redis();

    @BeforeEach
    void startThreeNodes() {
        cluster = new ClusterNodes(redis());
        List<ClusterNode> nodes = cluster.startMeshed("n1", "n2", "n3");
        n1 = nodes.get(0);
        n2 = nodes.get(1);
        n3 = nodes.get(2);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void aPushToAUserReachesEachOfItsConnectionsOnEveryNodeWhicheverNodeIsCalled() {
        WsClient phone = n1.login("alice");
        WsClient laptop = n2.login("alice");
        WsClient bob = n3.login("bob");

        for (ClusterNode via : List.of(n3, n1, n2)) {
            String id = "to-alice-via-" + via.id();
            ApiClient.Reply reply = via.api().push(Map.of("uid", "alice", "id", id, "data", Map.of("n", 1)));

            assertThat(reply.data()).as("via %s", via).containsAllEntriesOf(Map.of("id", id, "delivered", 2));
            for (WsClient alice : List.of(phone, laptop)) {
                assertThat(alice.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", id, "data", Map.of("n", 1)));
            }
        }
        cluster.assertNothingMoreFor(phone, laptop, bob);
    }

    @Test
    void aPushToSeveralUsersCountsEveryConnectionOnEveryNode() {
        WsClient alice = n1.login("alice");
        WsClient bobOnTwo = n2.login("bob");
        WsClient bobOnThree = n3.login("bob");
        WsClient carol = n3.login("carol");

        // dave is offline; alice is named twice and still gets it once.
        ApiClient.Reply reply = n1.api().push(Map.of(
                "uids", List.of("alice", "bob", "dave", "alice"), "id", "several", "data", "hi"));

        assertThat(reply.data()).containsAllEntriesOf(Map.of("id", "several", "delivered", 3));
        for (WsClient client : List.of(alice, bobOnTwo, bobOnThree)) {
            assertThat(client.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", "several", "data", "hi"));
        }
        cluster.assertNothingMoreFor(alice, bobOnTwo, bobOnThree, carol);
    }

    @Test
    void aPushToAConnectionReachesOnlyThatConnectionFromAnyNode() {
        WsClient phone = n1.login("alice");
        WsClient laptop = n2.login("alice");

        for (ClusterNode via : List.of(n1, n2, n3)) {
            String id = "to-laptop-via-" + via.id();
            ApiClient.Reply reply = via.api().push(Map.of("conn", laptop.conn(), "id", id, "data", "for the laptop"));

            assertThat(reply.data()).as("via %s", via).containsAllEntriesOf(Map.of("id", id, "delivered", 1));
            assertThat(laptop.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", id, "data", "for the laptop"));
        }
        assertThat(n3.api().push(Map.of("conn", "n1:none:1", "id", "to-nobody", "data", 1)).data("delivered"))
                .isEqualTo(0);
        cluster.assertNothingMoreFor(phone, laptop);
    }

    @Test
    void aBroadcastReachesEveryConnectionOnEveryNodeOnce() {
        List<WsClient> everyone = List.of(n1.login("alice"), n1.login("bob"), n2.login("alice"), n3.login("carol"));

        ApiClient.Reply reply = n2.api().broadcast(Map.of("id", "to-all", "data", "everyone"));

        assertThat(reply.data()).containsAllEntriesOf(Map.of("id", "to-all", "delivered", 4));
        for (WsClient client : everyone) {
            assertThat(client.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", "to-all", "data", "everyone"));
        }
        cluster.assertNothingMoreFor(everyone.toArray(WsClient[]::new));
    }

    @Test
    void groupMembershipBoundThroughTheApiOfOneNodeHoldsOnEveryNode() {
        WsClient alice = n1.login("alice");
        WsClient aliceToo = n2.login("alice");
        WsClient bob = n2.login("bob");
        WsClient carol = n3.login("carol");
        join(n3.api(), "room1", "alice");
        join(n3.api(), "room1", "bob");
        join(n1.api(), "room2", "carol");

        ApiClient.Reply reply = n1.api().broadcast(Map.of("group", "room1", "id", "g-1", "data", "hello room"));

        assertThat(reply.data()).containsAllEntriesOf(Map.of("id", "g-1", "delivered", 3));
        for (WsClient member : List.of(alice, aliceToo, bob)) {
            assertThat(member.next())
                    .containsAllEntriesOf(Map.of("cmd", "push", "id", "g-1", "group", "room1", "data", "hello room"));
        }
        for (ClusterNode via : List.of(n1, n2, n3)) {
            assertThat(onlineMembers(via.api(), "room1")).as("room1 via %s", via).containsExactly("alice", "bob");
        }

        leave(n2.api(), "room1", "alice");

        assertThat(n3.api().broadcast(Map.of("group", "room1", "id", "g-2", "data", 2)).data("delivered"))
                .isEqualTo(1);
        assertThat(bob.nextPush()).containsEntry("id", "g-2").containsEntry("group", "room1");
        assertThat(onlineMembers(n1.api(), "room1")).containsExactly("bob");
        cluster.assertNothingMoreFor(alice, aliceToo, bob, carol);
    }

    @Test
    void groupMembershipSurvivesAReconnectToAnotherNode() {
        WsClient alice = n1.login("alice");
        join(n2.api(), "room", "alice");
        // dave is offline when he is put in the group.
        join(n3.api(), "room", "dave");
        alice.close();
        assertThat(alice.awaitClose()).isEqualTo(1000);

        WsClient aliceAgain = n3.login("alice");
        WsClient dave = n2.login("dave");
        ApiClient.Reply reply = n1.api().broadcast(Map.of("group", "room", "id", "back", "data", "welcome back"));

        assertThat(reply.data()).containsAllEntriesOf(Map.of("id", "back", "delivered", 2));
        for (WsClient member : List.of(aliceAgain, dave)) {
            assertThat(member.next())
                    .containsAllEntriesOf(Map.of("cmd", "push", "id", "back", "group", "room", "data", "welcome back"));
        }
        assertThat(onlineMembers(n1.api(), "room")).containsExactly("alice", "dave");
    }

    @Test
    void onlineAnswersForTheWholeClusterFromAnyNode() {
        WsClient web = n1.login("alice", "web");
        WsClient ios = n2.login("alice", "ios");

        for (ClusterNode via : List.of(n1, n2, n3)) {
            assertThat(connections(via.api(), "alice")).as("via %s", via).containsExactlyInAnyOrder(
                    Map.of("conn", web.conn(), "node", "n1", "device", "web"),
                    Map.of("conn", ios.conn(), "node", "n2", "device", "ios"));
            assertThat(connections(via.api(), "bob")).isEmpty();
        }

        web.close();
        assertThat(web.awaitClose()).isEqualTo(1000);

        Eventually.until("alice's closed connection gone", () -> connectionIds(n3.api(), "alice"),
                ids -> ids.equals(Set.of(ios.conn())));
    }

    @Test
    void aKickFromAnyNodeClosesTheConnectionsOnEveryNode() {
        WsClient phone = n1.login("alice");
        WsClient laptop = n2.login("alice");
        WsClient bob = n2.login("bob");
        WsClient bobToo = n3.login("bob");

        assertThat(n3.api().post("/api/kick", Map.of("uid", "alice")).expect(200).data("closed")).isEqualTo(2);
        assertThat(phone.awaitClose()).isEqualTo(4003);
        assertThat(laptop.awaitClose()).isEqualTo(4003);

        assertThat(n1.api().post("/api/kick", Map.of("conn", bobToo.conn())).expect(200).data("closed")).isEqualTo(1);
        assertThat(bobToo.awaitClose()).isEqualTo(4003);

        cluster.assertNothingMoreFor(bob);
        Eventually.until("alice offline", () -> connections(n2.api(), "alice"), List::isEmpty);
    }

    @Test
    void nodesListsEveryLiveNodeWithItsAddressAndConnectionCount() {
        n1.login("alice");
        n2.login("bob");
        n2.login("carol");

        // A node writes its count at its next heartbeat.
        Eventually.until("every node's count in /api/nodes", () -> liveNodes(n3.api()),
                counts -> counts.equals(Map.of("n1", 1, "n2", 2, "n3", 0)));
        assertThat(nodeAddresses(n1.api())).isEqualTo(
                Map.of("n1", n1.address(), "n2", n2.address(), "n3", n3.address()));

        cluster.stop(n2);

        // A node that stops leaves the cluster (at once, unless a last heartbeat was still on its way).
        Eventually.until("n2 gone", () -> liveNodes(n1.api()).keySet(), ids -> ids.equals(Set.of("n1", "n3")));
        assertThat(liveNodes(n3.api())).containsOnlyKeys("n1", "n3");
    }

    @Test
    void aMessageIdIsADuplicateOnEveryNode() {
        WsClient alice = n1.login("alice");
        WsClient bob = n3.login("bob");

        assertThat(n1.api().push(Map.of("uid", "alice", "id", "once", "data", 1)).data("delivered")).isEqualTo(1);
        ApiClient.Reply again = n2.api().push(Map.of("uid", "alice", "id", "once", "data", 2));
        ApiClient.Reply toBob = n3.api().push(Map.of("uid", "bob", "id", "once", "data", 3));
        ApiClient.Reply broadcast = n2.api().broadcast(Map.of("id", "once", "data", 4));

        for (ApiClient.Reply duplicate : List.of(again, toBob, broadcast)) {
            assertThat(duplicate.data()).containsAllEntriesOf(Map.of("id", "once", "delivered", 0, "duplicate", true));
        }
        assertThat(alice.next()).containsAllEntriesOf(Map.of("cmd", "push", "id", "once", "data", 1));
        cluster.assertNothingMoreFor(alice, bob);
    }

    @Test
    void theRelayEndpointAnswersOnlyToTheClusterSecret() {
        WsClient alice = n2.login("alice");
        String relay = "{\"ops\":[{\"op\":\"users\",\"uids\":[\"alice\"],\"id\":\"relayed\","
                + "\"frame\":{\"cmd\":\"push\",\"id\":\"relayed\",\"data\":1}}]}";

        for (Optional<String> wrong : List.of(Optional.<String>empty(), Optional.of("not-the-cluster-secret"))) {
            assertThat(n2.api(wrong).post("/internal/relay", relay).expect(401).msg())
                    .isEqualTo("missing or wrong cluster secret");
        }
        ApiClient.Reply reply = n2.api(Optional.of(ClusterNode.CLUSTER_SECRET)).post("/internal/relay", relay);

        assertThat(reply.expect(200).data()).isEqualTo(Map.of("results", List.of(1), "acked", List.of(0)));
        assertThat(alice.nextText()).isEqualTo("{\"cmd\":\"push\",\"id\":\"relayed\",\"data\":1}");
        cluster.assertNothingMoreFor(alice);
    }

    /** A node with API keys: relays reach it by the cluster secret, which opens no API call; no key opens a relay. */
    @Test
    void anApiKeyNeverOpensTheRelayNorTheClusterSecretTheApi() {
        List<String> keys = List.of("cluster-it-api-key-new", "cluster-it-api-key-old");
        ClusterNode keyed = cluster.start("n4", settings -> settings.apiKeys(keys));
        WsClient dave = keyed.login("dave");

        assertThat(n1.api().push(Map.of("uid", "dave", "id", "relayed-to-keyed", "data", 1)).data("delivered"))
                .isEqualTo(1);
        assertThat(dave.nextPush()).containsEntry("id", "relayed-to-keyed");
        for (String key : keys) {
            assertThat(keyed.api(Optional.of(key)).post("/internal/relay", "{\"ops\":[]}").expect(401).msg())
                    .isEqualTo("missing or wrong cluster secret");
            assertThat(keyed.api(Optional.of(key)).get("/api/online?uid=dave").expect(200).data("online"))
                    .isEqualTo(true);
        }
        assertThat(keyed.api(Optional.of(ClusterNode.CLUSTER_SECRET)).get("/api/online?uid=dave").expect(401).msg())
                .isEqualTo("missing or wrong API key");
    }

    @Test
    void aNodeThatJustJoinedIsReachableFromNodesThatHaveNotSeenItYet() {
        // n1..n3 learn of n4 at their next heartbeat; a push or a query before that must neither miss
        // alice nor drop her route as if n4 were dead.
        ClusterNode n4 = cluster.start("n4");
        WsClient alice = n4.login("alice");

        assertThat(n1.api().push(Map.of("uid", "alice", "id", "to-n4", "data", 1)).data("delivered")).isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "to-n4");
        assertThat(connectionIds(n2.api(), "alice")).containsExactly(alice.conn());
        assertThat(connectionIds(n3.api(), "alice")).containsExactly(alice.conn());
        assertThat(n3.api().push(Map.of("conn", alice.conn(), "id", "to-n4-conn", "data", 2)).data("delivered"))
                .isEqualTo(1);
        assertThat(alice.nextPush()).containsEntry("id", "to-n4-conn");
    }
}
