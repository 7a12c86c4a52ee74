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
