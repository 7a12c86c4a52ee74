package io.herald.gateway.session;

import io.herald.codec.StreamPosition;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StreamOrderTest {

    private final EmbeddedChannel timers = new EmbeddedChannel();
    private final StreamOrder order = new StreamOrder(timers.eventLoop());
    private final List<Long> handed = new ArrayList<>();

    @Test
    void pushesHandedOverOutOfOrderGoToTheLoopsInSeqOrder() {
        timers.freezeTime();
        CompletionStage<Delivered> first = hand(1);
        CompletionStage<Delivered> third = hand(3);
        CompletionStage<Delivered> fourth = hand(4);

        assertThat(handed).containsExactly(1L);
        assertThat(third.toCompletableFuture()).as("waits for seq 2").isNotDone();
        hand(2);

        assertThat(handed).containsExactly(1L, 2L, 3L, 4L);
        assertThat(first.toCompletableFuture()).isCompletedWithValue(new Delivered(1, 0));
        assertThat(fourth.toCompletableFuture()).isCompletedWithValue(new Delivered(4, 0));
    }

    @Test
    void aMissingPushIsWaitedForOnlyAMoment() {
        timers.freezeTime();
        hand(1);
        CompletionStage<Delivered> third = hand(3);

        timers.advanceTimeBy(StreamOrder.WAIT_MILLIS - 1, TimeUnit.MILLISECONDS);
        timers.runScheduledPendingTasks();
        assertThat(handed).containsExactly(1L);
        timers.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        timers.runScheduledPendingTasks();

        assertThat(handed).containsExactly(1L, 3L);
        assertThat(third.toCompletableFuture()).isDone();
        hand(2);
        assertThat(handed).as("a late push still goes").containsExactly(1L, 3L, 2L);
        hand(4);
        assertThat(handed).containsExactly(1L, 3L, 2L, 4L);
    }

    @Test
    void aNewEpochStartsAnewAndPushesOnNoStreamGoAtOnce() {
        hand(5);
        order.inOrder(new Delivery("m", "all", new StreamPosition("e2", 1), Unpooled.EMPTY_BUFFER,
                Delivery.Acks.NONE), () -> record(100));
        order.inOrder(new Delivery("m", null, null, Unpooled.EMPTY_BUFFER, Delivery.Acks.NONE), () -> record(200));

        assertThat(handed).containsExactly(5L, 100L, 200L);
    }

    private CompletionStage<Delivered> hand(long seq) {
        return order.inOrder(new Delivery("m-" + seq, "all", new StreamPosition("e1", seq), Unpooled.EMPTY_BUFFER,
                Delivery.Acks.NONE), () -> record(seq));
    }

    private CompletionStage<Delivered> record(long seq) {
        handed.add(seq);
        return CompletableFuture.completedFuture(new Delivered((int) seq, 0));
    }
}
