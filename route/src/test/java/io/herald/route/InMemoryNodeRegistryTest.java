package io.herald.route;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryNodeRegistryTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final InMemoryNodeRegistry n1 = new InMemoryNodeRegistry("n1", Duration.ofSeconds(10), clock::get);
    private final InMemoryNodeRegistry n2 = n1.sharing("n2");

    @Test
    void nodesSharingARegistrySeeEachOtherAndAFirstHeartbeatIsARejoin() {
        assertThat(join(n1.heartbeat(new NodeInfo("n1", "h1:1", 0))).rejoined()).isTrue();
        NodeRegistry.Heartbeat beat = join(n2.heartbeat(new NodeInfo("n2", "h2:2", 3)));

        assertThat(beat.rejoined()).isTrue();
        assertThat(beat.nodes()).extracting(NodeInfo::id).containsExactlyInAnyOrder("n1", "n2");
        assertThat(join(n1.heartbeat(new NodeInfo("n1", "h1:1", 0))).rejoined()).isFalse();
        assertThat(n1.aliveNodes()).containsKeys("n1", "n2");
        assertThat(n1.isAlive("n2")).isTrue();
    }

    @Test
    void aNodeThatStopsRenewingDropsOutAfterItsTtlAndRejoinsWhenItBeatsAgain() {
        join(n2.heartbeat(new NodeInfo("n2", "h2:2", 0)));
        clock.addAndGet(10_000);
        join(n1.heartbeat(new NodeInfo("n1", "h1:1", 0)));

        assertThat(n1.isAlive("n2")).isFalse();
        assertThat(join(n2.heartbeat(new NodeInfo("n2", "h2:2", 0))).rejoined()).isTrue();
    }

    @Test
    void markDeadAndLeaveTakeANodeOutAtOnce() {
        join(n1.heartbeat(new NodeInfo("n1", "h1:1", 0)));
        join(n2.heartbeat(new NodeInfo("n2", "h2:2", 0)));
        join(n1.nodes());

        join(n1.markDead("n2"));
        assertThat(n1.isAlive("n2")).isFalse();
        join(n1.markDead("n1"));
        assertThat(n1.isAlive("n1")).as("a node never marks itself dead").isTrue();
        join(n1.leave());
        assertThat(join(n2.nodes())).isEmpty();
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
