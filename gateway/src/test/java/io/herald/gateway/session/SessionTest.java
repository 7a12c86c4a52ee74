package io.herald.gateway.session;

import io.herald.codec.CloseCode;
import io.herald.gateway.auth.TokenClaims;
import io.herald.route.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SessionTest {

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final Session session = new Session(ch, "c-1");

    {
        // The linger is checked to the millisecond: real time passing between two steps must not count.
        ch.freezeTime();
    }

    @Test
    void sessionLivesOnItsChannel() {
        ch.attr(Session.KEY).set(session);

        assertThat(Session.of(ch)).isSameAs(session);
        assertThat(session.channel()).isSameAs(ch);
        assertThat(session.conn()).isEqualTo("c-1");
        assertThat(session.loggedIn()).isFalse();
        assertThat(session.uid()).isNull();
        assertThat(session.upgraded()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void sendTakesOwnershipOfTheJson() {
        ByteBuf json = Unpooled.copiedBuffer("{\"code\":200}", StandardCharsets.UTF_8);

        session.send(json);

        TextWebSocketFrame sent = ch.readOutbound();
        assertThat(sent.content()).isSameAs(json);
        assertThat(sent.text()).isEqualTo("{\"code\":200}");
        sent.release();
        assertThat(json.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void writeWireWritesARetainedDuplicateAndLeavesTheCallersReference() {
        ByteBuf shared = Unpooled.copiedBuffer("wire bytes", StandardCharsets.UTF_8);

        assertThat(session.deliver(push(shared), shared, null)).isTrue();

        ByteBuf written = ch.readOutbound();
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("wire bytes");
        assertThat(shared.refCnt()).isEqualTo(2);
        written.release();
        assertThat(shared.refCnt()).isEqualTo(1);
        assertThat(shared.readerIndex()).isZero();

        ch.close();
        assertThat(session.deliver(push(shared), shared, null)).isFalse();
        assertThat(shared.refCnt()).isEqualTo(1);
        shared.release();
        assertFalse(ch.finish());
    }

    @Test
    void onceUpgradedPushesEnterThePipelineAtTheGivenContext() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel pipeline = new EmbeddedChannel(
                recorder("near-head", seen), new ChannelInboundHandlerAdapter(), recorder("reader-side", seen));
        Session upgraded = new Session(pipeline, "c-2");
        upgraded.markUpgraded(pipeline.pipeline().context(ChannelInboundHandlerAdapter.class));
        ByteBuf shared = Unpooled.copiedBuffer("wire", StandardCharsets.UTF_8);

        upgraded.deliver(push(shared), shared, null);

        assertThat(seen).containsExactly("near-head");
        ByteBuf written = pipeline.readOutbound();
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("wire");
        written.release();
        shared.release();
        assertFalse(pipeline.finish());
    }

    private static Delivery push(ByteBuf wire) {
        return new Delivery("m-1", null, null, wire, Delivery.Acks.NONE);
    }

    private static ChannelOutboundHandlerAdapter recorder(String name, List<String> seen) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                seen.add(name);
                ctx.write(msg, promise);
            }
        };
    }

    @Test
    void closeSendsACloseFrameOnceUpgraded() {
        session.markUpgraded();

        session.close(CloseCode.GOING_AWAY);

        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1001);
        assertThat(close.reasonText()).isEqualTo("server going away");
        close.release();
        assertClosesAfterTheLinger();
        assertFalse(ch.finish());
    }

    @Test
    void closeSendsACloseFrameForALoggedInSession() {
        session.markUpgraded();
        session.logIn(new TokenClaims("alice", Set.of(), false), "web", "n1");

        session.close(CloseCode.KICKED);

        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4003);
        close.release();
        assertClosesAfterTheLinger();
        assertFalse(ch.finish());
    }

    @Test
    void closeBeforeTheUpgradeOnlyClosesTheSocket() {
        session.close(CloseCode.LOGIN_TIMEOUT);

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void closeSendsOneCloseFrameOnly() {
        session.markUpgraded();

        session.close(CloseCode.KICKED);
        session.close(CloseCode.RATE_LIMITED);

        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4003);
        close.release();
        assertThat((Object) ch.readOutbound()).as("no second close frame").isNull();
        assertThat(session.closing()).isTrue();
        assertClosesAfterTheLinger();
    }

    /** The socket stays open for the client's answer, and closes when the linger is over without one. */
    private void assertClosesAfterTheLinger() {
        ch.advanceTimeBy(Session.CLOSE_LINGER_MILLIS - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("waiting for the client's answer").isTrue();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("closed after the linger").isFalse();
    }
}
