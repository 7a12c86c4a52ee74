package io.herald.route.redis;

import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.route.ClusterConfig;
import io.herald.route.StreamStore;
import io.herald.route.StreamStoreContract;
import io.herald.route.testing.RedisProcess;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis stream store against a real redis-server: the contract, and seqs under concurrent nodes. */
class RedisStreamStoreIT extends StreamStoreContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static RedisProcess redis;
    private static RedisExecutor executor;

    private final String prefix = "streams" + PREFIXES.incrementAndGet() + ":";

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch();
        executor = new RedisExecutor(RedisClients.connect(redis.uri(), 8), 4, 10_000);
    }

    @AfterAll
    static void stopRedis() {
        executor.close();
        redis.close();
    }

    @Override
    protected StreamStore store(ClusterConfig config) {
        ClusterConfig inRedis = ClusterConfig.builder().redis(redis.uri()).clusterSecret("0123456789abcdef")
                .redisPrefix(prefix).historySize(config.historySize()).historyTtl(config.historyTtl()).build();
        return new RedisStreamStore(executor, inRedis, UnpooledByteBufAllocator.DEFAULT, clock::get);
    }

    @Test
    void seqsNeverRepeatOrLeaveGapsWhenThreeNodesPushAtOnce() throws Exception {
        List<StreamStore> nodes = List.of(store(ClusterConfig.builder().build()), store(ClusterConfig.builder().build()),
                store(ClusterConfig.builder().build()));
        List<Long> seqs = new CopyOnWriteArrayList<>();
        ExecutorService backends = Executors.newFixedThreadPool(6);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            StreamStore node = nodes.get(i % 3);
            String id = "m-" + i;
            done.add(CompletableFuture.runAsync(() -> join(node.accept(List.of(new StreamStore.Accept(
                    new PushMessage(id, "group:room1", "room1", RawJson.trusted("{}")), null)))).forEach(a -> {
                        seqs.add(a.position().seq());
                        a.frame().release();
                    }), backends));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        backends.shutdown();

        assertThat(seqs).hasSize(600).doesNotHaveDuplicates();
        assertThat(seqs.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(600);
        StreamStore.Replay history = join(nodes.get(0).history("group:room1", 590, Integer.MAX_VALUE));
        assertThat(history.pushes()).extracting(StreamStore.Entry::seq)
                .containsExactly(591L, 592L, 593L, 594L, 595L, 596L, 597L, 598L, 599L, 600L);
        assertThat(history.complete()).isTrue();
    }

    @Test
    void aRedisThatLostItsScriptsStillHandsOutEverySeqOnce() {
        StreamStore store = store(ClusterConfig.builder().build());
        List<Long> seqs = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            try (RedisClient client = RedisClient.create(
                    java.net.URI.create(redis.uri()))) {
                client.scriptFlush();
            }
            // Several pushes in one call, and calls in flight together, meet a Redis without the script.
            List<java.util.concurrent.CompletionStage<List<StreamStore.Accepted>>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(store.accept(List.of(
                        new StreamStore.Accept(new PushMessage("m-" + round + "-" + i, "user:alice", null,
                                RawJson.trusted("{}")), null),
                        new StreamStore.Accept(new PushMessage("m-" + round + "-" + i, "user:bob", null,
                                RawJson.trusted("{}")), null))));
            }
            for (java.util.concurrent.CompletionStage<List<StreamStore.Accepted>> call : calls) {
                List<StreamStore.Accepted> accepted = join(call);
                seqs.add(accepted.get(0).position().seq());
                accepted.forEach(a -> a.frame().release());
            }
        }

        assertThat(seqs).hasSize(30).doesNotHaveDuplicates();
        assertThat(join(store.history("user:alice", 0, Integer.MAX_VALUE)).pushes()).extracting(StreamStore.Entry::seq)
                .as("no seq skipped: a refused script did not run").containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(join(store.history("user:bob", 0, Integer.MAX_VALUE)).pushes()).hasSize(30);
    }

    @Test
    void theAcceptOfAUserPushReadsTheUsersRoutesWithItsSeqForTheRouter() {
        ClusterConfig inRedis = ClusterConfig.builder().redis(redis.uri()).clusterSecret("0123456789abcdef")
                .redisPrefix(prefix).build();
        RouteSnapshots snapshots = new RouteSnapshots(System::nanoTime);
        StreamStore store = new RedisStreamStore(executor, new Pipeliner(executor), inRedis,
                UnpooledByteBufAllocator.DEFAULT, clock::get, snapshots, java.util.Set.of("n1", "n2")::contains);
        RedisRouteRegistry routes = new RedisRouteRegistry(executor, prefix, node -> true, java.time.Duration.ofMinutes(1));
        io.herald.route.ConnectionRoute web = new io.herald.route.ConnectionRoute("alice", "n1:a:1", "n1", "web");
        io.herald.route.ConnectionRoute phone = new io.herald.route.ConnectionRoute("alice", "n2:a:2", "n2", null);
        join(routes.add(web));
        join(routes.add(phone));
        join(routes.add(new io.herald.route.ConnectionRoute("carol", "n9:c:1", "n9", null)));

        List<StreamStore.Accepted> accepted = join(store.accept(List.of(
                new StreamStore.Accept(new PushMessage("m-1", "user:alice", null, RawJson.trusted("{}")), null),
                new StreamStore.Accept(new PushMessage("m-1", "user:bob", null, RawJson.trusted("{}")), null),
                new StreamStore.Accept(new PushMessage("m-1", "user:carol", null, RawJson.trusted("{}")), null),
                new StreamStore.Accept(new PushMessage("m-2", "group:room1", "room1", RawJson.trusted("{}")), null))));
        accepted.forEach(a -> a.frame().release());

        assertThat(snapshots.take("user:alice", accepted.get(0).position())).containsExactlyInAnyOrder(web, phone);
        assertThat(snapshots.take("user:alice", accepted.get(0).position())).as("taken once").isNull();
        assertThat(snapshots.take("user:bob", accepted.get(1).position())).as("no connection").isEmpty();
        assertThat(snapshots.take("user:carol", accepted.get(2).position()))
                .as("a node the view does not know: the router asks the registry").isNull();
        assertThat(snapshots.take("group:room1", accepted.get(3).position())).isNull();
    }

    @Test
    void theHistoryHoldsTheBytesTheNodeSent() {
        StreamStore store = store(ClusterConfig.builder().build());
        String data = "{\"s\":\"h\u00e9 \u2713 \ud83d\ude00\",\"n\":1e400}";
        StreamStore.Accepted accepted = join(store.accept(List.of(new StreamStore.Accept(
                new PushMessage("m-\u00e9:1", "user:al:ice", null, RawJson.trusted(data)), null)))).get(0);
        byte[] sent = io.netty.buffer.ByteBufUtil.getBytes(accepted.frame());
        accepted.frame().release();

        StreamStore.Entry kept = join(store.history("user:al:ice", 0, Integer.MAX_VALUE)).pushes().get(0);

        assertThat(kept.frame()).isEqualTo(sent);
        assertThat(kept.id()).isEqualTo("m-\u00e9:1");
    }
}
