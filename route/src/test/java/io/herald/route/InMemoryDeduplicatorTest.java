package io.herald.route;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryDeduplicatorTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryDeduplicator deduplicator = new InMemoryDeduplicator(WINDOW, 1000, nanos::get);

    @Test
    void sameIdWithinTheWindowIsARepeat() {
        assertThat(firstSeen("m-1")).isTrue();
        advance(WINDOW.minusNanos(1));

        assertThat(firstSeen("m-1")).isFalse();
    }

    @Test
    void otherIdsAreFirstSeen() {
        assertThat(firstSeen("m-1")).isTrue();
        assertThat(firstSeen("m-2")).isTrue();
        assertThat(firstSeen("m-1")).isFalse();
        assertThat(firstSeen("m-2")).isFalse();
    }

    @Test
    void idIsFirstAgainOnceTheWindowHasPassed() {
        assertThat(firstSeen("m-1")).isTrue();
        advance(WINDOW);

        assertThat(firstSeen("m-1")).isTrue();
        advance(WINDOW.minusNanos(1));
        assertThat(firstSeen("m-1")).isFalse();
    }

    @Test
    void aRepeatDoesNotExtendTheWindow() {
        assertThat(firstSeen("m-1")).isTrue();
        advance(WINDOW.dividedBy(2));
        assertThat(firstSeen("m-1")).isFalse();
        advance(WINDOW.dividedBy(2));

        assertThat(firstSeen("m-1")).isTrue();
    }

    @Test
    void expiredIdsAreForgotten() {
        firstSeen("m-1");
        firstSeen("m-2");
        advance(WINDOW.dividedBy(2));
        firstSeen("m-3");
        assertThat(deduplicator.size()).isEqualTo(3);

        advance(WINDOW.dividedBy(2));
        firstSeen("m-4");
        assertThat(deduplicator.size()).isEqualTo(2);

        advance(WINDOW);
        firstSeen("m-5");
        assertThat(deduplicator.size()).isEqualTo(1);
    }

    @Test
    void anIdSeenAgainAfterExpiryIsKeptForItsNewWindow() {
        firstSeen("m-1");
        advance(WINDOW);
        firstSeen("m-1");
        advance(WINDOW.minusNanos(1));
        firstSeen("m-2");

        assertThat(deduplicator.size()).isEqualTo(2);
        assertThat(firstSeen("m-1")).isFalse();
    }

    @Test
    void worksAcrossTheNanoTimeWrap() {
        nanos.set(Long.MAX_VALUE - WINDOW.toNanos() / 2);
        assertThat(firstSeen("m-1")).isTrue();
        advance(WINDOW.minusNanos(1));
        assertThat(firstSeen("m-1")).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(firstSeen("m-1")).isTrue();
    }

    @Test
    void pastItsBoundTheOldestIdsAreForgottenFirst() {
        InMemoryDeduplicator bounded = new InMemoryDeduplicator(WINDOW, 2, nanos::get);
        assertThat(bounded.firstSeen("m-1").toCompletableFuture().join()).isTrue();
        assertThat(bounded.firstSeen("m-2").toCompletableFuture().join()).isTrue();
        assertThat(bounded.firstSeen("m-3").toCompletableFuture().join()).isTrue();

        assertThat(bounded.size()).isEqualTo(2);
        assertThat(bounded.firstSeen("m-3").toCompletableFuture().join()).isFalse();
        assertThat(bounded.firstSeen("m-2").toCompletableFuture().join()).isFalse();
        assertThat(bounded.firstSeen("m-1").toCompletableFuture().join()).as("forgotten early").isTrue();
    }

    @Test
    void windowAndBoundMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryDeduplicator(Duration.ZERO, 1))
                .withMessageContaining("window").withMessageContaining("> 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryDeduplicator(Duration.ofSeconds(-1), 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryDeduplicator(WINDOW, 0))
                .withMessageContaining("maxIds");
    }

    private boolean firstSeen(String id) {
        CompletionStage<Boolean> stage = deduplicator.firstSeen(id);
        assertThat(stage.toCompletableFuture()).isDone();
        return stage.toCompletableFuture().join();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
