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
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FanoutTest {

    @Test
    void eachOpenSessionGetsTheSharedBytesOnItsLoopAndTheLastOneFreesThem() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel closed = new EmbeddedChannel();
        closed.close();
        Fanout fanout = new Fanout(new LoopFlusher());

        assertThat(fanout.add(new Session(a, "a"))).isTrue();
        assertThat(fanout.add(new Session(b, "b"))).isTrue();
        assertThat(fanout.add(new Session(closed, "closed"))).isFalse();
        assertThat(fanout.count()).isEqualTo(2);
        ByteBuf wire = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);

        CompletableFuture<Integer> sent = fanout.send(wire).toCompletableFuture();

        // Handed to the loops, not written in the caller's stack, and not done until both loops wrote it.
        assertThat((Object) a.readOutbound()).isNull();
        assertThat(sent).isNotDone();
        a.runPendingTasks();
        assertThat(sent).as("b's loop has not run yet").isNotDone();
        b.runPendingTasks();
        assertThat(sent).isCompletedWithValue(2);
        ByteBuf toA = a.readOutbound();
        ByteBuf toB = b.readOutbound();
        assertThat(toA.toString(StandardCharsets.UTF_8)).isEqualTo("frame");
        assertThat(toB.toString(StandardCharsets.UTF_8)).isEqualTo("frame");
        toA.release();
        assertThat(wire.refCnt()).isEqualTo(1);
        toB.release();
        assertThat(wire.refCnt()).isZero();
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    @Test
    void aConnectionClosedBeforeItsTurnIsSkippedAndNotCounted() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        Fanout fanout = new Fanout(new LoopFlusher());
        fanout.add(new Session(a, "a"));
        fanout.add(new Session(b, "b"));
        ByteBuf wire = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);

        CompletableFuture<Integer> sent = fanout.send(wire).toCompletableFuture();
        a.pipeline().close(); // unlike a.close(), leaves the queued task queued
        a.runPendingTasks();
        b.runPendingTasks();

        assertThat(sent).as("handed to 2, written to 1").isCompletedWithValue(1);
        assertThat((Object) a.readOutbound()).isNull();
        ByteBuf toB = b.readOutbound();
        toB.release();
        assertThat(wire.refCnt()).isZero();
        assertFalse(a.finish());
        assertFalse(b.finish());
    }

    @Test
    void aLoopThatRefusesTheTaskCountsNothingAndTheOthersStillComplete() throws InterruptedException {
        EventLoopGroup stopping = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EmbeddedChannel open = new EmbeddedChannel();
        Fanout fanout = new Fanout(new LoopFlusher());
        try {
            fanout.add(new Session(open, "open"));
            assertThat(fanout.add(new Session(connectedLocalChannel(stopping), "stopping"))).isTrue();
        } finally {
            assertThat(stopping.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS)).isTrue();
        }
        ByteBuf wire = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);

        CompletableFuture<Integer> sent = fanout.send(wire).toCompletableFuture();

        assertThat(sent).as("the open connection's loop has not run yet").isNotDone();
        open.runPendingTasks();
        assertThat(sent).isCompletedWithValue(1);
        ByteBuf written = open.readOutbound();
        written.release();
        assertThat(wire.refCnt()).as("the refused loop's reference was released too").isZero();
        assertFalse(open.finish());
    }

    @Test
    void nobodyToSendToFreesTheBytesAtOnce() {
        ByteBuf wire = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);

        assertThat(new Fanout(new LoopFlusher()).send(wire).toCompletableFuture()).isCompletedWithValue(0);

        assertThat(wire.refCnt()).isZero();
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
