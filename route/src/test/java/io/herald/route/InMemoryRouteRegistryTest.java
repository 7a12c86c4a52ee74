package io.herald.route;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRouteRegistryTest {

    private final InMemoryRouteRegistry registry = new InMemoryRouteRegistry();

    @Test
    void addedRoutesAreFoundByUser() {
        ConnectionRoute web = new ConnectionRoute("alice", "c-1", "n1", "web");
        ConnectionRoute phone = new ConnectionRoute("alice", "c-2", "n2", null);
        registry.add(web);
        registry.add(phone);

        assertThat(now(registry.connections("alice"))).containsExactlyInAnyOrder(web, phone);
        assertThat(now(registry.connections("bob"))).isEmpty();
    }

    @Test
    void aLoginPastTheLimitIsRefusedAndChangesNothing() {
        ConnectionLimit two = new ConnectionLimit(2, ConnectionLimit.Policy.REJECT);
        ConnectionRoute first = new ConnectionRoute("alice", "c-1", "n1", null);
        ConnectionRoute second = new ConnectionRoute("alice", "c-2", "n1", null);
        assertThat(now(registry.add(first, two))).isEqualTo(Registration.ADMITTED);
        assertThat(now(registry.add(second, two))).isEqualTo(Registration.ADMITTED);

        assertThat(now(registry.add(new ConnectionRoute("alice", "c-3", "n1", null), two)))
                .isEqualTo(Registration.REFUSED);

        assertThat(now(registry.connections("alice"))).containsExactly(first, second);
        assertThat(now(registry.add(new ConnectionRoute("bob", "c-4", "n1", null), two)).admitted()).isTrue();
    }

    @Test
    void aLoginPastTheLimitReplacesTheOldestAndAPlaceFreedByACloseIsTakenAgain() {
        ConnectionLimit two = new ConnectionLimit(2, ConnectionLimit.Policy.REPLACE);
        ConnectionRoute first = new ConnectionRoute("alice", "c-1", "n1", null);
        ConnectionRoute second = new ConnectionRoute("alice", "c-2", "n2", null);
        ConnectionRoute third = new ConnectionRoute("alice", "c-3", "n1", null);
        registry.add(first, two);
        registry.add(second, two);

        assertThat(now(registry.add(third, two))).isEqualTo(new Registration(true, List.of(first)));
        assertThat(now(registry.connections("alice"))).containsExactlyInAnyOrder(second, third);
        assertThat(now(registry.remove(first))).as("its own teardown finds it gone").isFalse();

        registry.remove(second);
        ConnectionRoute fourth = new ConnectionRoute("alice", "c-4", "n2", null);
        assertThat(now(registry.add(fourth, two))).isEqualTo(Registration.ADMITTED);
        assertThat(now(registry.connections("alice"))).containsExactlyInAnyOrder(third, fourth);
    }

    @Test
    void withoutALimitTheLimitedAddIsThePlainOne() {
        for (int i = 0; i < 5; i++) {
            assertThat(now(registry.add(new ConnectionRoute("alice", "c-" + i, "n1", null), ConnectionLimit.NONE)))
                    .isEqualTo(Registration.ADMITTED);
        }
        assertThat(now(registry.connections("alice"))).hasSize(5);
    }

    @Test
    void removeReportsWhetherItRemovedAnything() {
        ConnectionRoute route = new ConnectionRoute("alice", "c-1", "n1", "web");
        registry.add(route);

        assertThat(now(registry.remove(route))).isTrue();
        assertThat(now(registry.remove(route))).isFalse();
        assertThat(now(registry.connections("alice"))).isEmpty();
    }

    @Test
    void staleRouteDoesNotRemoveAFreshOneForTheSameConnection() {
        ConnectionRoute stale = new ConnectionRoute("alice", "c-1", "n1", "web");
        ConnectionRoute fresh = new ConnectionRoute("alice", "c-1", "n2", "web");
        registry.add(stale);
        registry.add(fresh);

        assertThat(now(registry.remove(stale))).isFalse();

        assertThat(now(registry.connections("alice"))).containsExactly(fresh);
        assertThat(now(registry.remove(fresh))).isTrue();
        assertThat(now(registry.connections("alice"))).isEmpty();
    }

    @Test
    void removingOneConnectionKeepsTheUsersOthers() {
        ConnectionRoute first = new ConnectionRoute("alice", "c-1", "n1", null);
        ConnectionRoute second = new ConnectionRoute("alice", "c-2", "n1", null);
        registry.add(first);
        registry.add(second);

        registry.remove(first);

        assertThat(now(registry.connections("alice"))).containsExactly(second);
    }

    @Test
    void joinAndLeaveReportWhetherMembershipChanged() {
        assertThat(now(registry.join("room1", "alice"))).isTrue();
        assertThat(now(registry.join("room1", "alice"))).isFalse();
        assertThat(now(registry.groups("alice"))).containsExactly("room1");

        assertThat(now(registry.leave("room1", "alice"))).isTrue();
        assertThat(now(registry.leave("room1", "alice"))).isFalse();
        assertThat(now(registry.leave("room9", "bob"))).isFalse();
        assertThat(now(registry.groups("alice"))).isEmpty();
    }

    @Test
    void groupsOutliveTheUsersConnections() {
        ConnectionRoute route = new ConnectionRoute("alice", "c-1", "n1", null);
        registry.add(route);
        registry.join("room1", "alice");
        registry.join("room2", "alice");

        registry.remove(route);

        assertThat(now(registry.groups("alice"))).containsExactlyInAnyOrder("room1", "room2");
    }

    @Test
    void groupsAreASnapshot() {
        registry.join("room1", "alice");
        Set<String> groups = now(registry.groups("alice"));

        registry.join("room2", "alice");

        assertThat(groups).containsExactly("room1");
    }

    @Test
    void onlineMembersCountsOnlyMembersWithConnections() {
        registry.add(new ConnectionRoute("alice", "c-1", "n1", null));
        registry.add(new ConnectionRoute("alice", "c-2", "n2", null));
        ConnectionRoute bob = new ConnectionRoute("bob", "c-3", "n1", null);
        registry.add(bob);
        registry.add(new ConnectionRoute("dave", "c-4", "n1", null));
        registry.join("room1", "alice");
        registry.join("room1", "bob");
        registry.join("room1", "carol");

        assertThat(now(registry.onlineMembers("room1"))).containsExactlyInAnyOrder("alice", "bob");

        registry.remove(bob);

        assertThat(now(registry.onlineMembers("room1"))).containsExactly("alice");
        assertThat(now(registry.onlineMembers("room9"))).isEmpty();
    }

    @Test
    void everyStageIsAlreadyComplete() {
        ConnectionRoute route = new ConnectionRoute("alice", "c-1", "n1", null);
        List<CompletionStage<?>> stages = List.of(registry.add(route), registry.connections("alice"),
                registry.join("g", "alice"), registry.groups("alice"),
                registry.onlineMembers("g"), registry.leave("g", "alice"), registry.remove(route));

        assertThat(stages).allSatisfy(stage -> assertThat(stage.toCompletableFuture()).isDone());
    }

    private static <T> T now(CompletionStage<T> stage) {
        assertThat(stage.toCompletableFuture()).isDone();
        return stage.toCompletableFuture().join();
    }
}
