package io.herald.gateway.session;

import io.herald.gateway.auth.TokenClaims;
import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.codec.StreamPosition;
import io.herald.route.ConnectionLimit;
import io.herald.route.ConnectionRoute;
import io.herald.route.StreamStore;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SessionLifecycleTest {

    private final SessionIndex index = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node("n1", index), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", index, cluster);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel ch : channels) {
            assertFalse(ch.finish());
        }
    }

    @Test
    void logInIndexesTheSessionAndRegistersItsRoute() {
        Session session = session("c-1");

        CompletionStage<Recovery> done = lifecycle.logIn(session, claims("alice"), "web", Map.of());
        ((EmbeddedChannel) session.channel()).runPendingTasks();

        assertThat(done.toCompletableFuture()).isCompleted();
        assertThat(session.loggedIn()).isTrue();
        assertThat(session.uid()).isEqualTo("alice");
        assertThat(session.device()).isEqualTo("web");
        assertThat(session.route()).isEqualTo(new ConnectionRoute("alice", "c-1", "n1", "web"));
        assertThat(index.connection("c-1")).isSameAs(session);
        assertThat(routesOf("alice")).containsExactly(session.route());
        Recovery recovery = done.toCompletableFuture().join();
        assertThat(recovery.positions()).containsOnlyKeys("user:alice", "all");
        assertThat(recovery.recovered()).isTrue();
        assertThat(recovery.lost()).isEmpty();
    }

    @Test
    void logInRecoversWhatTheClientMissedAndSaysWhatItCannot() {
        Session first = session("c-1");
        CompletionStage<Recovery> before = lifecycle.logIn(first, claims("alice"), null, Map.of());
        ((EmbeddedChannel) first.channel()).runPendingTasks();
        StreamPosition position = before.toCompletableFuture().join().positions().get("user:alice");
        cluster.streams().accept(List.of(new StreamStore.Accept(
                new PushMessage("m-1", "user:alice", null, RawJson.trusted("1")), null)))
                .thenAccept(accepted -> accepted.forEach(a -> a.frame().release()));
        Session again = session("c-2");

        CompletionStage<Recovery> done = lifecycle.logIn(again, claims("alice"), null,
                Map.of("user:alice", position, "user:bob", position));
        ((EmbeddedChannel) again.channel()).runPendingTasks();

        Recovery recovery = done.toCompletableFuture().join();
        assertThat(recovery.replayed()).extracting(StreamStore.Entry::id).containsExactly("m-1");
        assertThat(recovery.positions().get("user:alice").seq()).isEqualTo(1);
        assertThat(recovery.recovered()).isFalse();
        assertThat(recovery.lost()).as("another user's stream is not this connection's to recover")
                .containsExactly("user:bob");
    }

    @Test
    void logInRestoresTheUsersGroupsFromTheRegistry() {
        cluster.routes().join("room1", "alice");
        cluster.routes().join("room2", "alice");
        Session session = session("c-1");

        lifecycle.logIn(session, claims("alice"), null, Map.of());
        ((EmbeddedChannel) session.channel()).runPendingTasks();

        assertThat(inGroup("room1")).containsExactly(session);
        assertThat(inGroup("room2")).containsExactly(session);
    }

    @Test
    void closedLogsTheSessionOutOfIndexAndRegistry() {
        Session web = session("c-1");
        Session phone = session("c-2");
        lifecycle.logIn(web, claims("alice"), "web", Map.of());
        lifecycle.logIn(phone, claims("alice"), "phone", Map.of());

        lifecycle.closed(web);

        assertThat(index.connection("c-1")).isNull();
        assertThat(routesOf("alice")).containsExactly(phone.route());
    }

    @Test
    void closedOfASessionThatNeverLoggedInChangesNothing() {
        Session session = session("c-1");
        lifecycle.logIn(session, claims("alice"), null, Map.of());

        lifecycle.closed(session("c-2"));

        assertThat(index.size()).isEqualTo(1);
        assertThat(routesOf("alice")).containsExactly(session.route());
    }

    @Test
    void closedTwiceRemovesOnce() {
        Session session = session("c-1");
        lifecycle.logIn(session, claims("alice"), null, Map.of());
        lifecycle.closed(session);
        ConnectionRoute fresh = new ConnectionRoute("alice", "c-1", "n2", null);
        cluster.routes().add(fresh);

        lifecycle.closed(session);

        assertThat(routesOf("alice")).containsExactly(fresh);
    }

    @Test
    void aLoginPastTheUsersLimitIsRefusedAndNeverIndexed() {
        SessionLifecycle limited = new SessionLifecycle("n1", index, cluster,
                new ConnectionLimit(1, ConnectionLimit.Policy.REJECT));
        Session first = session("c-1");
        limited.logIn(first, claims("alice"), null, Map.of());
        ((EmbeddedChannel) first.channel()).runPendingTasks();
        Session second = session("c-2");

        CompletionStage<Recovery> refused = limited.logIn(second, claims("alice"), null, Map.of());
        ((EmbeddedChannel) second.channel()).runPendingTasks();

        assertThat(refused.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> refused.toCompletableFuture().join()).hasRootCauseInstanceOf(UserLimitException.class);
        assertThat(index.connection("c-2")).isNull();
        assertThat(index.connection("c-1")).isSameAs(first);
        assertThat(routesOf("alice")).containsExactly(first.route());
        limited.closed(second);
        assertThat(routesOf("alice")).as("the refused one's close removes nothing").containsExactly(first.route());
    }

    @Test
    void aLoginPastTheUsersLimitReplacesTheOldestWhichClosesWith4010() {
        SessionLifecycle limited = new SessionLifecycle("n1", index, cluster,
                new ConnectionLimit(1, ConnectionLimit.Policy.REPLACE));
        Session oldest = session("c-1");
        limited.logIn(oldest, claims("alice"), null, Map.of());
        ((EmbeddedChannel) oldest.channel()).runPendingTasks();
        Session newest = session("c-2");

        CompletionStage<Recovery> done = limited.logIn(newest, claims("alice"), null, Map.of());
        ((EmbeddedChannel) newest.channel()).runPendingTasks();
        ((EmbeddedChannel) oldest.channel()).runPendingTasks();

        assertThat(done.toCompletableFuture()).isCompleted();
        assertThat(index.connection("c-2")).isSameAs(newest);
        assertThat(routesOf("alice")).containsExactly(newest.route());
        assertThat(oldest.channel().isActive()).isFalse();
        assertThat(oldest.end().reason()).isEqualTo(CloseReason.REPLACED);
        assertThat(oldest.end().code()).isEqualTo(4010);
    }

    private List<ConnectionRoute> routesOf(String uid) {
        return cluster.routes().connections(uid).toCompletableFuture().join();
    }

    private List<Session> inGroup(String group) {
        List<Session> visited = new ArrayList<>();
        index.forEachInGroup(group, visited::add);
        return visited;
    }

    private static TokenClaims claims(String uid) {
        return new TokenClaims(uid, Set.of(), false);
    }

    private Session session(String conn) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        Session session = new Session(ch, conn);
        ch.attr(Session.KEY).set(session);
        return session;
    }
}
