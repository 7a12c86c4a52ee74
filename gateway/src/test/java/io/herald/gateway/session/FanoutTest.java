package io.herald.gateway.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FanoutTest {

    private final ByteBuf frame = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);
    private final Delivery push = new Delivery("m-1", null, null, frame, Delivery.Acks.NONE);

    @AfterEach
    void theCallerKeepsItsFrame() {
        assertThat(frame.refCnt()).isEqualTo(1);
        frame.release();
    }

    /**
     * The buffer under a written frame's wrappers: a duplicate, and where Netty's leak detector sampled the
     * allocation (one in 128 by default) a leak-aware wrapper around each duplicate, whose unwrap is the duplicate.
     */
    private static ByteBuf root(ByteBuf buffer) {
        ByteBuf root = buffer;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root;
    }

    /** The payload of one unmasked text frame written to a channel, and releases it. */
    static String payload(ByteBuf wire) {
        try {
            assertThat(wire.getByte(0)).isEqualTo((byte) 0x81);
            return wire.toString(2, wire.readableBytes() - 2, StandardCharsets.UTF_8);
        } finally {
            wire.release();
        }
    }

    @Test
    void eachOpenSessionGetsTheSharedBytesOnItsLoopAndTheLastOneFreesThem() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel closed = new EmbeddedChannel();
        closed.close();
        Fanout fanout = new Fanout();

        assertThat(fanout.add(new Session(a, "a"), push)).isTrue();
        assertThat(fanout.add(new Session(b, "b"), push)).isTrue();
        assertThat(fanout.add(new Session(closed, "closed"), push)).isFalse();
        assertThat(fanout.count()).isEqualTo(2);

        CompletableFuture<Delivered> sent = fanout.send().toCompletableFuture();

        // Handed to the loops, not written in the caller's stack, and not done until both loops wrote it.
        assertThat((Object) a.readOutbound()).isNull();
        assertThat(sent).isNotDone();
        a.runPendingTasks();
        assertThat(sent).as("b's loop has not run yet").isNotDone();
        b.runPendingTasks();
        assertThat(sent).isCompletedWithValue(new Delivered(2, 0));
        ByteBuf toA = a.readOutbound();
        ByteBuf toB = b.readOutbound();
        assertThat(root(toA)).as("both share one framed copy").isSameAs(root(toB));
        assertThat(payload(toA)).isEqualTo("frame");
        assertThat(payload(toB)).isEqualTo("frame");
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    @Test
    void aConnectionClosedBeforeItsTurnIsSkippedAndNotCounted() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        Fanout fanout = new Fanout();
        fanout.add(new Session(a, "a"), push);
        fanout.add(new Session(b, "b"), push);

        CompletableFuture<Delivered> sent = fanout.send().toCompletableFuture();
        a.pipeline().close(); // unlike a.close(), leaves the queued task queued
        a.runPendingTasks();
        b.runPendingTasks();

        assertThat(sent).as("handed to 2, written to 1").isCompletedWithValue(new Delivered(1, 0));
        assertThat((Object) a.readOutbound()).isNull();
        assertThat(payload(b.readOutbound())).isEqualTo("frame");
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    @Test
    void aLoopThatRefusesTheTaskCountsNothingAndTheOthersStillComplete() throws InterruptedException {
        EventLoopGroup stopping = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EmbeddedChannel open = new EmbeddedChannel();
        Fanout fanout = new Fanout();
        try {
            fanout.add(new Session(open, "open"), push);
            assertThat(fanout.add(new Session(connectedLocalChannel(stopping), "stopping"), push)).isTrue();
        } finally {
            assertThat(stopping.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS)).isTrue();
        }

        CompletableFuture<Delivered> sent = fanout.send().toCompletableFuture();

        assertThat(sent).as("the open connection's loop has not run yet").isNotDone();
        open.runPendingTasks();
        assertThat(sent).isCompletedWithValue(new Delivered(1, 0));
        ByteBuf written = open.readOutbound();
        assertThat(written.unwrap().refCnt()).as("the refused loop's reference was released too").isEqualTo(1);
        written.release();
        assertFalse(open.finish());
    }

    @Test
    void nobodyToSendToAnswersAtOnce() {
        assertThat(new Fanout().send().toCompletableFuture()).isCompletedWithValue(Delivered.NONE);
    }

    @Test
    void usersWithPushesOfTheirOwnEachGetTheirsFramedOnce() {
        EmbeddedChannel a1 = new EmbeddedChannel();
        EmbeddedChannel a2 = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        ByteBuf other = Unpooled.copiedBuffer("other", StandardCharsets.UTF_8);
        Delivery forB = new Delivery("m-1", "user:b", null, other, Delivery.Acks.NONE);
        Fanout fanout = new Fanout();
        fanout.add(new Session(a1, "a1"), push);
        fanout.add(new Session(b, "b"), forB);
        fanout.add(new Session(a2, "a2"), push);

        CompletableFuture<Delivered> sent = fanout.send().toCompletableFuture();
        other.release();
        List.of(a1, a2, b).forEach(EmbeddedChannel::runPendingTasks);

        assertThat(sent).isCompletedWithValue(new Delivered(3, 0));
        ByteBuf toA1 = a1.readOutbound();
        ByteBuf toA2 = a2.readOutbound();
        assertThat(root(toA1)).isSameAs(root(toA2));
        assertThat(payload(toA1)).isEqualTo("frame");
        assertThat(payload(toA2)).isEqualTo("frame");
        assertThat(payload(b.readOutbound())).isEqualTo("other");
        List.of(a1, a2, b).forEach(ch -> assertFalse(ch.finish()));
    }

    @Test
    void anAwaitedPushCompletesWhenEveryConnectionItWasWrittenToAckedIt() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        Session sa = new Session(a, "a");
        Session sb = new Session(b, "b");
        Delivery awaited = new Delivery("m-9", null, null, frame, new Delivery.Acks(5_000, false, false));
        Fanout fanout = new Fanout();
        fanout.add(sa, awaited);
        fanout.add(sb, awaited);

        CompletableFuture<Delivered> sent = fanout.send().toCompletableFuture();
        a.runPendingTasks();
        b.runPendingTasks();

        assertThat(sent).as("written, not acked yet").isNotDone();
        assertThat(sa.acked("m-9")).isEqualTo(new Session.Acked(false, false));
        assertThat(sa.acked("m-9")).as("an ack counts once").isNull();
        assertThat(sent).isNotDone();
        sb.acked("m-9");
        assertThat(sent).isCompletedWithValue(new Delivered(2, 2));
        payload(a.readOutbound());
        payload(b.readOutbound());
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    @Test
    void anAwaitedPushThatIsNotAckedAnswersAtTheTimeoutWithHowManyDid() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        a.freezeTime();
        Session sa = new Session(a, "a");
        Delivery awaited = new Delivery("m-9", null, null, frame, new Delivery.Acks(2_000, false, false));
        Fanout fanout = new Fanout();
        fanout.add(sa, awaited);
        fanout.add(new Session(b, "b"), awaited);

        CompletableFuture<Delivered> sent = fanout.send().toCompletableFuture();
        a.runPendingTasks();
        b.runPendingTasks();
        sa.acked("m-9");
        a.advanceTimeBy(1_999, TimeUnit.MILLISECONDS);
        a.runScheduledPendingTasks();
        assertThat(sent).isNotDone();
        a.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        a.runScheduledPendingTasks();

        assertThat(sent).isCompletedWithValue(new Delivered(2, 1));
        payload(a.readOutbound());
        payload(b.readOutbound());
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    /** A real, active in-VM connection on {@code group}'s loop. */
    private static Channel connectedLocalChannel(EventLoopGroup group) {
        LocalAddress address = new LocalAddress(FanoutTest.class);
        new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter())
                .bind(address).syncUninterruptibly();
        return new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address).syncUninterruptibly().channel();
    }
}
