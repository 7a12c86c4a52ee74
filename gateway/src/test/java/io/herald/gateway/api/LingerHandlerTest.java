package io.herald.gateway.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LingerHandlerTest {

    private final EmbeddedChannel ch = new EmbeddedChannel();

    LingerHandlerTest() {
        ch.freezeTime();
        ch.pipeline().addLast(new LingerHandler(Duration.ofSeconds(2), 100));
    }

    @Test
    void dropsWhatComesAndClosesPastTheBytes() {
        ByteBuf first = Unpooled.buffer().writeZero(60);
        ByteBuf second = Unpooled.buffer().writeZero(60);

        ch.writeInbound(first);
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(second);

        assertThat(ch.isOpen()).isFalse();
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void closesWhenTheTimeIsUp() {
        ch.writeInbound(Unpooled.buffer().writeZero(10));
        ch.advanceTimeBy(1999, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isTrue();

        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();

        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }
}
