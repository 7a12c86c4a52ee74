package io.herald.gateway.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LoopFlusherTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());

    @AfterEach
    void shutDown() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void writesOfOneLoopTaskLeaveTogetherAfterTheTask() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LocalAddress address = new LocalAddress("loop-flusher-test");
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                received.add(msg.toString(StandardCharsets.UTF_8));
                            }
                        });
                    }
                }).bind(address).sync().channel();
        Channel client = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                    }
                }).connect(address).sync().channel();
        LoopFlusher flusher = new LoopFlusher();
        BlockingQueue<int[]> afterWrites = new LinkedBlockingQueue<>();

        client.eventLoop().execute(() -> {
            flusher.write(client.eventLoop(), client, Unpooled.copiedBuffer("one", StandardCharsets.UTF_8));
            flusher.write(client.eventLoop(), client, Unpooled.copiedBuffer("two", StandardCharsets.UTF_8));
            // Messages marked flushed, and messages written at all.
            afterWrites.add(new int[] {client.unsafe().outboundBuffer().size(),
                    client.unsafe().outboundBuffer().totalPendingWriteBytes() > 0 ? 1 : 0});
        });

        // Still queued when the task ended: nothing was flushed per write...
        assertThat(afterWrites.poll(5, TimeUnit.SECONDS)).containsExactly(0, 1);
        // ...and both left once the loop's iteration was over.
        StringBuilder both = new StringBuilder();
        while (both.length() < 6) {
            both.append(received.poll(5, TimeUnit.SECONDS));
        }
        assertThat(both).hasToString("onetwo");
        client.close().sync();
        server.close().sync();
    }

    @Test
    void aWriteThatAFlushLeadsToIsFlushedToo() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LocalAddress address = new LocalAddress("loop-flusher-reentrant-test");
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                received.add(msg.toString(StandardCharsets.UTF_8));
                            }
                        });
                    }
                }).bind(address).sync().channel();
        Channel client = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                    }
                }).connect(address).sync().channel();
        // After the first flush, something on the loop writes again (as a close of the outbound bound does).
        LoopFlusher[] flusher = new LoopFlusher[1];
        boolean[] wroteAgain = new boolean[1];
        flusher[0] = new LoopFlusher(channel -> {
            if (!wroteAgain[0]) {
                wroteAgain[0] = true;
                flusher[0].write(client.eventLoop(), client, Unpooled.copiedBuffer("late", StandardCharsets.UTF_8));
            }
        });

        client.eventLoop().execute(() -> flusher[0].write(client.eventLoop(), client,
                Unpooled.copiedBuffer("first", StandardCharsets.UTF_8)));

        StringBuilder both = new StringBuilder();
        while (both.length() < "firstlate".length()) {
            String next = received.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("flushed, after %s", both).isNotNull();
            both.append(next);
        }
        assertThat(both).hasToString("firstlate");
        client.close().sync();
        server.close().sync();
    }

    @Test
    void aLoopWithoutTailTasksFlushesAtOnce() {
        EmbeddedChannel ch = new EmbeddedChannel();

        new LoopFlusher().write(ch.eventLoop(), ch, Unpooled.copiedBuffer("now", StandardCharsets.UTF_8));

        ByteBuf written = ch.readOutbound();
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("now");
        written.release();
        assertFalse(ch.finish());
    }
}
