package io.herald.route;

import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.codec.StreamPosition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link StreamStore} does, whatever its mechanism: each implementation's test extends this with the
 * store it builds. The clock is the test's: pushes are accepted and expire by it.
 */
public abstract class StreamStoreContract {

    protected final AtomicLong clock = new AtomicLong(1_000_000);
    private StreamStore store;

    /** A store with these settings, on {@link #clock}; a new one each call, as a restarted node would have. */
    protected abstract StreamStore store(ClusterConfig config);

    private StreamStore store() {
        if (store == null) {
            store = store(ClusterConfig.builder().historySize(3).build());
        }
        return store;
    }

    @Test
    void eachPushOnAStreamTakesTheNextSeqAndCarriesItInItsFrame() {
        List<StreamStore.Accepted> accepted = join(store().accept(List.of(push("m-1", "user:alice"),
                push("m-2", "user:alice"), push("m-3", "all"))));

        assertThat(accepted).extracting(a -> a.position().seq()).containsExactly(1L, 2L, 1L);
        assertThat(accepted.get(0).position().epoch()).isEqualTo(accepted.get(1).position().epoch())
                .isNotEqualTo(accepted.get(2).position().epoch());
        assertThat(text(accepted.get(1))).isEqualTo("{\"cmd\":\"push\",\"id\":\"m-2\",\"stream\":\"user:alice\","
                + "\"seq\":2,\"data\":1}");
        accepted.forEach(a -> a.frame().release());
    }

    @Test
    void aPushToOneConnectionHasNoStreamAndNoSeq() {
        StreamStore.Accepted accepted = join(store().accept(List.of(new StreamStore.Accept(
                new PushMessage("m-1", null, RawJson.trusted("1")), null)))).get(0);

        assertThat(accepted.position()).isNull();
        assertThat(text(accepted)).isEqualTo("{\"cmd\":\"push\",\"id\":\"m-1\",\"data\":1}");
        accepted.frame().release();
    }

    @Test
    void aClientThatMissedPushesGetsThemInOrderAndIsToldItIsWhole() {
        StreamPosition before = join(store().positions(List.of("user:alice"))).get("user:alice");
        accept("m-1", "user:alice");
        accept("m-2", "user:alice");

        StreamStore.Replay replay = join(store().replay(Map.of("user:alice", before))).get("user:alice");

        assertThat(before.seq()).isZero();
        assertThat(replay.complete()).isTrue();
        assertThat(replay.now()).isEqualTo(new StreamPosition(before.epoch(), 2));
        assertThat(replay.pushes()).extracting(StreamStore.Entry::id).containsExactly("m-1", "m-2");
        assertThat(new String(replay.pushes().get(1).frame(), StandardCharsets.UTF_8)).contains("\"seq\":2");
    }

    @Test
    void historyKeepsItsSizeAndAClientFurtherBackIsToldItLostTheStream() {
        StreamPosition start = join(store().positions(List.of("all"))).get("all");
        for (int i = 1; i <= 5; i++) {
            accept("m-" + i, "all");
        }

        StreamStore.Replay fromStart = join(store().replay(Map.of("all", start))).get("all");
        StreamStore.Replay fromTwo = join(store().replay(Map.of("all", new StreamPosition(start.epoch(), 2)))).get("all");

        assertThat(fromStart.complete()).isFalse();
        assertThat(fromStart.pushes()).extracting(StreamStore.Entry::seq).containsExactly(3L, 4L, 5L);
        assertThat(fromTwo.complete()).isTrue();
        assertThat(fromTwo.pushes()).extracting(StreamStore.Entry::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void pushesLeaveTheHistoryAfterItsTtl() {
        StreamStore ttl = store(ClusterConfig.builder().historyTtl(Duration.ofSeconds(10)).build());
        StreamPosition start = join(ttl.positions(List.of("all"))).get("all");
        join(ttl.accept(List.of(push("m-1", "all")))).get(0).frame().release();
        clock.addAndGet(6_000);
        join(ttl.accept(List.of(push("m-2", "all")))).get(0).frame().release();
        clock.addAndGet(5_000);

        StreamStore.Replay replay = join(ttl.replay(Map.of("all", start))).get("all");

        assertThat(replay.pushes()).extracting(StreamStore.Entry::id).containsExactly("m-2");
        assertThat(replay.complete()).isFalse();
    }

    @Test
    void historyGivesAtMostTheLimitAndSaysWhetherItReachesBack() {
        StreamStore big = store(ClusterConfig.builder().historySize(100).build());
        for (int i = 1; i <= 6; i++) {
            join(big.accept(List.of(push("m-" + i, "all")))).get(0).frame().release();
        }

        StreamStore.Replay two = join(big.history("all", 2, 2));

        assertThat(two.pushes()).extracting(StreamStore.Entry::seq).containsExactly(3L, 4L);
        assertThat(two.complete()).isTrue();
        assertThat(two.now().seq()).isEqualTo(6);
        assertThat(join(big.history("all", 6, 10)).pushes()).isEmpty();
        assertThat(join(big.history("all", 6, 10)).complete()).isTrue();
    }

    @Test
    void anotherEpochMeansTheStreamWasLost() {
        accept("m-1", "user:alice");

        StreamStore.Replay replay = join(store().replay(Map.of("user:alice", new StreamPosition("old", 1))))
                .get("user:alice");

        assertThat(replay.complete()).isFalse();
        assertThat(replay.pushes()).isEmpty();
        assertThat(replay.now().seq()).isEqualTo(1);
    }

    @Test
    void streamsOffGiveNoSeqButStillStore() {
        StreamStore off = store(ClusterConfig.builder().historySize(0).build());
        StreamStore.Accepted accepted = join(off.accept(List.of(new StreamStore.Accept(
                new PushMessage("m-1", "user:alice", null, RawJson.trusted("1")),
                new StreamStore.Storage("alice", clock.get() + 60_000, false))))).get(0);

        assertThat(off.streamsOn()).isFalse();
        assertThat(accepted.position()).isNull();
        assertThat(join(off.stored("alice"))).extracting(StreamStore.Entry::id).containsExactly("m-1");
        accepted.frame().release();
    }

    @Test
    void aStoredPushStaysUntilAckedOrExpiredAndAReceiptOneExpiresOnce() {
        long now = clock.get();
        join(store().accept(List.of(stored("m-1", "alice", now + 10_000, false), stored("m-2", "alice", now + 5_000, true),
                stored("m-3", "alice", now + 10_000, true)))).forEach(a -> a.frame().release());

        assertThat(join(store().stored("alice"))).extracting(StreamStore.Entry::id).containsExactly("m-1", "m-2", "m-3");
        assertThat(join(store().stored("alice")).get(1).receipt()).isTrue();
        assertThat(join(store().acked("alice", "m-3"))).isTrue();
        assertThat(join(store().acked("alice", "m-3"))).isFalse();
        clock.addAndGet(6_000);

        assertThat(join(store().stored("alice"))).extracting(StreamStore.Entry::id).containsExactly("m-1");
        assertThat(join(store().expired(10))).containsExactly(new StreamStore.Expired("alice", "m-2"));
        assertThat(join(store().expired(10))).isEmpty();
    }

    protected static StreamStore.Accept push(String id, String stream) {
        return new StreamStore.Accept(new PushMessage(id, stream, null, RawJson.trusted("1")), null);
    }

    protected static StreamStore.Accept stored(String id, String uid, long expiresAt, boolean receipt) {
        return new StreamStore.Accept(new PushMessage(id, PushMessage.userStream(uid), null, RawJson.trusted("1")),
                new StreamStore.Storage(uid, expiresAt, receipt));
    }

    private void accept(String id, String stream) {
        join(store().accept(List.of(push(id, stream)))).get(0).frame().release();
    }

    private static String text(StreamStore.Accepted accepted) {
        return accepted.frame().toString(StandardCharsets.UTF_8);
    }

    protected static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
