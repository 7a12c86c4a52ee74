package io.herald.route.redis;

import io.herald.route.ConnectionLimit;
import io.herald.route.ConnectionRoute;
import io.herald.route.Registration;
import io.herald.route.NodeInfo;
import io.herald.route.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis registries against a real redis-server, each test under a prefix of its own. */
class RedisRegistriesIT {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static RedisProcess redis;
    private static RedisExecutor executor;

    private final String prefix = "it" + PREFIXES.incrementAndGet() + ":";
    private final AtomicLong now = new AtomicLong(1_000_000);

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.launch();
        executor = new RedisExecutor(RedisClients.connect(redis.uri(), 4), 2, 100);
    }

    @AfterAll
    static void stopRedis() {
        executor.close();
        redis.close();
    }

    private RedisNodeRegistry nodes(String self) {
        return new RedisNodeRegistry(executor, prefix, self, Duration.ofSeconds(10), now::get);
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void routesCountOnlyWhileTheirNodeIsAlive() {
        RedisNodeRegistry n1 = nodes("n1");
        join(n1.heartbeat(new NodeInfo("n1", "127.0.0.1:1", 0)));
        join(nodes("n2").heartbeat(new NodeInfo("n2", "127.0.0.1:2", 0)));
        join(n1.nodes());
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, prefix, n1::isAlive, Duration.ofMinutes(1));
        ConnectionRoute onN1 = new ConnectionRoute("alice", "n1:a:1", "n1", "web");
        ConnectionRoute onN2 = new ConnectionRoute("alice", "n2:a:1", "n2", null);
        join(routes.add(onN1));
        join(routes.add(onN2));

        assertThat(join(routes.connections("alice"))).containsExactlyInAnyOrder(onN1, onN2);

        now.addAndGet(Duration.ofSeconds(11).toMillis());
        join(n1.heartbeat(new NodeInfo("n1", "127.0.0.1:1", 1)));

        assertThat(n1.aliveNodes()).containsOnlyKeys("n1");
        assertThat(join(routes.connections("alice"))).containsExactly(onN1);
        assertThat(join(routes.remove(onN2))).as("the dead node's route was deleted on read").isFalse();
    }

    @Test
    void theLimitRefusesALoginPastItAndOnlyRoutesOnLiveNodesCount() {
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, new Pipeliner(executor), prefix, node -> true,
                (j, node) -> true, () -> List.of("n1", "n2"), Duration.ofMinutes(1));
        ConnectionLimit two = new ConnectionLimit(2, ConnectionLimit.Policy.REJECT);
        join(routes.add(new ConnectionRoute("carol", "dead:c:1", "dead", null)));
        ConnectionRoute first = new ConnectionRoute("carol", "n1:c:1", "n1", null);
        ConnectionRoute second = new ConnectionRoute("carol", "n2:c:1", "n2", "web");

        assertThat(join(routes.add(first, two))).isEqualTo(Registration.ADMITTED);
        assertThat(join(routes.add(second, two))).as("the dead node's route does not count")
                .isEqualTo(Registration.ADMITTED);
        assertThat(join(routes.add(new ConnectionRoute("carol", "n1:c:2", "n1", null), two)))
                .isEqualTo(Registration.REFUSED);

        assertThat(join(routes.remove(first))).isTrue();
        assertThat(join(routes.add(new ConnectionRoute("carol", "n1:c:3", "n1", null), two)).admitted()).isTrue();
    }

    @Test
    void theLimitReplacesTheOldestWhereverItIs() {
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, new Pipeliner(executor), prefix, node -> true,
                (j, node) -> true, () -> List.of("n1", "n2"), Duration.ofMinutes(1));
        ConnectionLimit two = new ConnectionLimit(2, ConnectionLimit.Policy.REPLACE);
        ConnectionRoute first = new ConnectionRoute("dave", "n2:d:9", "n2", "web");
        ConnectionRoute second = new ConnectionRoute("dave", "n1:d:1", "n1", null);
        ConnectionRoute third = new ConnectionRoute("dave", "n1:d:2", "n1", null);
        ConnectionRoute fourth = new ConnectionRoute("dave", "n2:d:1", "n2", null);
        join(routes.add(first, two));
        join(routes.add(second, two));

        assertThat(join(routes.add(third, two))).isEqualTo(new Registration(true, List.of(first)));
        assertThat(join(routes.add(fourth, two))).isEqualTo(new Registration(true, List.of(second)));

        assertThat(join(routes.connections("dave"))).containsExactlyInAnyOrder(third, fourth);
        assertThat(join(routes.remove(first))).as("a replaced route is gone already").isFalse();
        assertThat(join(routes.add(new ConnectionRoute("dave", "n1:d:3", "n1", null), ConnectionLimit.NONE)))
                .as("without a limit, the plain add").isEqualTo(Registration.ADMITTED);
        assertThat(join(routes.connections("dave"))).hasSize(3);
    }

    @Test
    void removeIsCompareAndDelete() {
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, prefix, node -> true, Duration.ofMinutes(1));
        ConnectionRoute stale = new ConnectionRoute("bob", "n1:b:1", "n1", "web");
        ConnectionRoute fresh = new ConnectionRoute("bob", "n1:b:1", "n1", "phone");
        join(routes.add(stale));
        join(routes.add(fresh));

        assertThat(join(routes.remove(stale))).isFalse();
        assertThat(join(routes.connections("bob"))).containsExactly(fresh);
        assertThat(join(routes.remove(fresh))).isTrue();
        assertThat(join(routes.connections("bob"))).isEmpty();
    }

    @Test
    void routesExpireUnlessRefreshedAndCanBeAddedAgainInBulk() throws Exception {
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, prefix, node -> true, Duration.ofMinutes(1));
        List<ConnectionRoute> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            many.add(new ConnectionRoute("u" + i, "n1:c:" + i, "n1", null));
        }
        join(routes.addAll(many));
        assertThat(join(routes.connections(List.of("u0", "u1199", "nobody"))))
                .containsEntry("u0", List.of(many.get(0))).containsEntry("nobody", List.of());

        try (RedisClient client = RedisClient.create(URI.create(redis.uri()))) {
            long ttl = client.pttl(prefix + "{u:u7}:conns");
            assertThat(ttl).isBetween(1L, 60_000L);
            client.pexpire(prefix + "{u:u7}:conns", 5_000);
            join(routes.refresh(List.of("u7")));
            assertThat(client.pttl(prefix + "{u:u7}:conns")).isGreaterThan(50_000L);
        }
    }

    @Test
    void groupMembershipIsPerUserAndOnlineMembersNeedALiveRoute() {
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, prefix, "n1"::equals, Duration.ofMinutes(1));
        assertThat(join(routes.join("room1", "alice"))).isTrue();
        assertThat(join(routes.join("room1", "alice"))).isFalse();
        join(routes.join("room1", "bob"));
        join(routes.join("room1", "carol"));
        join(routes.add(new ConnectionRoute("alice", "n1:a:1", "n1", null)));
        join(routes.add(new ConnectionRoute("carol", "n9:c:1", "n9", null)));

        assertThat(join(routes.onlineMembers("room1"))).containsExactly("alice");
        assertThat(join(routes.groups("alice"))).containsExactly("room1");
        assertThat(join(routes.groups(List.of("alice", "bob")))).containsEntry("bob", Set.of("room1"));
        assertThat(join(routes.leave("room1", "alice"))).isTrue();
        assertThat(join(routes.groups("alice"))).isEmpty();
        assertThat(join(routes.onlineMembers("room1"))).isEmpty();
    }

    @Test
    void dedupeHoldsAcrossDeduplicatorsForTheWindow() throws Exception {
        RedisDeduplicator a = new RedisDeduplicator(executor, prefix, Duration.ofMillis(300));
        RedisDeduplicator b = new RedisDeduplicator(executor, prefix, Duration.ofMillis(300));

        assertThat(join(a.firstSeen("m-1"))).isTrue();
        assertThat(join(b.firstSeen("m-1"))).isFalse();
        try (RedisClient client = RedisClient.create(URI.create(redis.uri()))) {
            assertThat(client.pttl(prefix + "{m:m-1}")).isBetween(1L, 300L);
        }
    }

    @Test
    void routesReadOnTheSharedPipelineAskRedisOnlyAboutNodesTheViewDoesNotKnow() {
        RedisNodeRegistry n1 = nodes("n1");
        join(n1.heartbeat(new NodeInfo("n1", "127.0.0.1:1", 0)));
        Pipeliner pipeliner = new Pipeliner(executor);
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, pipeliner, prefix, n1::isAlive, n1::isAliveNow,
                java.util.List::of, Duration.ofMinutes(1));
        ConnectionRoute onN1 = new ConnectionRoute("alice", "n1:a:1", "n1", "web");
        ConnectionRoute onNewNode = new ConnectionRoute("bob", "n2:b:1", "n2", null);
        ConnectionRoute onDeadNode = new ConnectionRoute("carol", "n9:c:1", "n9", null);
        join(routes.add(onN1));
        join(routes.add(onNewNode));
        join(routes.add(onDeadNode));
        // n2 joins after n1's last view: a reader must not take its routes for dead.
        join(nodes("n2").heartbeat(new NodeInfo("n2", "127.0.0.1:2", 0)));
        assertThat(n1.isAlive("n2")).isFalse();

        // Reads in flight together share the pipeline; each gets its own users' routes.
        List<CompletionStage<java.util.Map<String, List<ConnectionRoute>>>> reads = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reads.add(routes.connections(List.of("alice", "bob", "carol", "nobody" + i)));
        }

        for (int i = 0; i < reads.size(); i++) {
            assertThat(join(reads.get(i))).containsExactly(java.util.Map.entry("alice", List.of(onN1)),
                    java.util.Map.entry("bob", List.of(onNewNode)), java.util.Map.entry("carol", List.of()),
                    java.util.Map.entry("nobody" + i, List.of()));
        }
        assertThat(n1.isAlive("n2")).as("the view was read again").isTrue();
        assertThat(join(routes.remove(onDeadNode))).as("the dead node's route was deleted on read").isFalse();
    }

    @Test
    void dedupeChecksInFlightTogetherLetExactlyOneOfEachIdThrough() {
        Pipeliner pipeliner = new Pipeliner(executor);
        RedisDeduplicator a = new RedisDeduplicator(pipeliner, prefix, Duration.ofMinutes(1));
        RedisDeduplicator b = new RedisDeduplicator(pipeliner, prefix, Duration.ofMinutes(1));
        List<CompletionStage<Boolean>> checks = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            checks.add((i % 2 == 0 ? a : b).firstSeen("m-" + (i % 20)));
        }

        long first = checks.stream().filter(check -> join(check)).count();

        assertThat(first).isEqualTo(20);
    }

    @Test
    void aHeartbeatSaysWhenTheNodeHadDroppedOutOfTheCluster() {
        RedisNodeRegistry n1 = nodes("n1");
        RedisNodeRegistry n2 = nodes("n2");
        NodeInfo self = new NodeInfo("n1", "127.0.0.1:1", 0);

        assertThat(join(n1.heartbeat(self)).rejoined()).as("first registration").isTrue();
        assertThat(join(n1.heartbeat(self)).rejoined()).as("renewed within the TTL").isFalse();

        now.addAndGet(Duration.ofSeconds(10).toMillis());
        assertThat(join(n1.heartbeat(self)).rejoined()).as("renewed after the TTL, before any sweep").isTrue();

        now.addAndGet(Duration.ofSeconds(11).toMillis());
        join(n2.heartbeat(new NodeInfo("n2", "127.0.0.1:2", 0)));
        assertThat(join(n1.heartbeat(self)).rejoined()).as("renewed after another node swept it out").isTrue();

        join(n2.markDead("n1"));
        assertThat(join(n1.heartbeat(self)).rejoined()).as("renewed after another node marked it dead").isTrue();
        assertThat(join(n1.heartbeat(self)).rejoined()).isFalse();
    }

    @Test
    void aNodeThatLeavesOrIsMarkedDeadStopsCountingAtOnce() {
        RedisNodeRegistry n1 = nodes("n1");
        RedisNodeRegistry n2 = nodes("n2");
        join(n2.heartbeat(new NodeInfo("n2", "127.0.0.1:2", 5)));
        assertThat(join(n1.heartbeat(new NodeInfo("n1", "127.0.0.1:1", 3))).nodes())
                .containsExactlyInAnyOrder(new NodeInfo("n1", "127.0.0.1:1", 3), new NodeInfo("n2", "127.0.0.1:2", 5));

        CompletionStage<Void> marked = n1.markDead("n2");
        assertThat(n1.isAlive("n2")).isFalse();
        join(marked);
        assertThat(n1.isAlive("n1")).isTrue();

        join(n1.leave());
        assertThat(join(n2.nodes())).isEmpty();
    }

    @Test
    void aRemovalThatFailedWhileRedisWasDownIsDoneWhenItIsBack() throws Exception {
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, prefix, node -> true, Duration.ofMinutes(1));
        ConnectionRoute route = new ConnectionRoute("frank", "n1:f:1", "n1", null);
        join(routes.add(route));
        redis.stop();
        try {
            assertThatThrownBy(() -> join(routes.remove(route))).isInstanceOf(CompletionException.class);
        } finally {
            redis.start();
        }
        join(routes.add(route)); // Redis restarted empty; the node registered its routes again, stale one included

        join(routes.retryRemovals());

        assertThat(join(routes.connections("frank"))).isEmpty();
    }

    @Test
    void callsFailWhileRedisIsDownAndWorkWhenItIsBack() throws Exception {
        RedisDeduplicator dedupe = new RedisDeduplicator(executor, prefix, Duration.ofMinutes(1));
        redis.kill();
        try {
            assertThatThrownBy(() -> join(dedupe.firstSeen("m-2"))).isInstanceOf(CompletionException.class);
        } finally {
            redis.start();
        }
        assertThat(join(dedupe.firstSeen("m-2"))).isTrue();
    }
}
