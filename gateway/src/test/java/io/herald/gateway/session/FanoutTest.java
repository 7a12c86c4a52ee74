package io.herald.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

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
        ByteBuf wire = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);

        assertThat(fanout.send(wire)).isEqualTo(2);

        // Handed to the loops, not written in the caller's stack.
        assertThat((Object) a.readOutbound()).isNull();
        a.runPendingTasks();
        b.runPendingTasks();
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
    void aConnectionClosedBeforeItsTurnIsSkipped() {
        EmbeddedChannel a = new EmbeddedChannel();
        Fanout fanout = new Fanout(new LoopFlusher());
        fanout.add(new Session(a, "a"));
        ByteBuf wire = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);

        fanout.send(wire);
        a.pipeline().close(); // unlike a.close(), leaves the queued task queued
        a.runPendingTasks();

        assertThat((Object) a.readOutbound()).isNull();
        assertThat(wire.refCnt()).isZero();
        assertFalse(a.finish());
    }

    @Test
    void nobodyToSendToFreesTheBytesAtOnce() {
        ByteBuf wire = Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8);

        assertThat(new Fanout(new LoopFlusher()).send(wire)).isZero();

        assertThat(wire.refCnt()).isZero();
    }
}
