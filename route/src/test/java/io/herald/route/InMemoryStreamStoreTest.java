package io.herald.route;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.herald.codec.StreamPosition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryStreamStoreTest extends StreamStoreContract {

    @Override
    protected InMemoryStreamStore store(ClusterConfig config) {
        return new InMemoryStreamStore(config, UnpooledByteBufAllocator.DEFAULT, clock::get);
    }

    @Test
    void theMemoryBoundDropsTheOldestPushesOfAnyStream() {
        int bound = 2 * (InMemoryStreamStore.ENTRY_OVERHEAD + 100);
        InMemoryStreamStore bounded = store(ClusterConfig.builder().historyMemoryBytes(bound).build());
        for (int i = 1; i <= 6; i++) {
            join(bounded.accept(List.of(push("m-" + i, i % 2 == 0 ? "all" : "user:bob")))).get(0).frame().release();
        }

        assertThat(bounded.historyBytes()).isLessThanOrEqualTo(bound);
        StreamStore.Replay all = join(bounded.history("all", 0, Integer.MAX_VALUE));
        assertThat(all.pushes()).extracting(StreamStore.Entry::id).endsWith("m-6").doesNotContain("m-2");
    }

    @Test
    void aRestartedNodeHasNewEpochs() {
        StreamPosition first = join(store(ClusterConfig.builder().build()).positions(List.of("all"))).get("all");
        StreamPosition second = join(store(ClusterConfig.builder().build()).positions(List.of("all"))).get("all");

        assertThat(first.epoch()).isNotEqualTo(second.epoch());
    }
}
