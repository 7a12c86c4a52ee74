package io.herald.gateway.client;

import io.herald.gateway.session.GatewayNode;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.TestNodes;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SlowReaderHandlerTest {

    private final SessionIndex sessions = new SessionIndex();
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", sessions,
            new InMemoryCluster(TestNodes.node("n1", sessions), ClusterConfig.builder().build()));

    @Test
    void closesASlowReaderWith4009() {
        EmbeddedChannel ch = FrozenClock.channel(true, new SlowReaderHandler(), TestUpgradeLogins.sessionHandler(lifecycle));
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64, 128));
        ByteBuf backlog = Unpooled.wrappedBuffer(new byte[256]);

        ch.write(backlog);
        ch.runPendingTasks();

        ByteBuf unread = ch.readOutbound();
        assertThat(unread).isSameAs(backlog);
        unread.release();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4009);
        assertThat(close.reasonText()).isEqualTo("too slow to read");
        close.release();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void leavesAWritableChannelAlone() {
        EmbeddedChannel ch = FrozenClock.channel(true, new SlowReaderHandler(), TestUpgradeLogins.sessionHandler(lifecycle));
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64, 128));
        ByteBuf small = Unpooled.wrappedBuffer(new byte[32]);

        ch.writeAndFlush(small);

        ByteBuf sent = ch.readOutbound();
        assertThat(sent).isSameAs(small);
        sent.release();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }
}
