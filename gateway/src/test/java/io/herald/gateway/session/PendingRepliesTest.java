package io.herald.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The replies a connection awaits from the upstream: the bound on them, and their order where it asked for one. */
class PendingRepliesTest {

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final Session session = new Session(ch, "c-1");

    @Test
    void withoutOrderEachReplyGoesOutAsItCompletes() {
        PendingReplies replies = session.pendingReplies();
        PendingReplies.Ticket first = replies.take(16);
        PendingReplies.Ticket second = replies.take(16);

        replies.complete(second, reply("2"));
        assertThat(sent()).containsExactly("2");
        replies.complete(first, reply("1"));
        assertThat(sent()).containsExactly("1");
        assertThat(replies.underWay()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void inOrderAReplyWaitsForThoseAheadOfItAndCountsAsUnderWayMeanwhile() {
        session.orderReplies(true);
        PendingReplies replies = session.pendingReplies();
        PendingReplies.Ticket first = replies.take(16);
        PendingReplies.Ticket second = replies.take(16);
        PendingReplies.Ticket third = replies.take(16);

        replies.complete(third, reply("3"));
        replies.complete(second, reply("2"));
        assertThat(sent()).isEmpty();
        assertThat(replies.underWay()).isEqualTo(3);
        replies.complete(first, reply("1"));
        assertThat(sent()).containsExactly("1", "2", "3");
        assertThat(replies.underWay()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void pastTheLimitNoTicketIsGivenUntilAReplyWentOut() {
        PendingReplies replies = session.pendingReplies();
        PendingReplies.Ticket first = replies.take(2);
        replies.take(2);

        assertThat(replies.take(2)).isNull();
        replies.complete(first, reply("1"));
        assertThat(replies.take(2)).isNotNull();
        sent();
        assertFalse(ch.finish());
    }

    @Test
    void aClosedConnectionReleasesTheRepliesItHeldAndThoseThatComeLater() {
        session.orderReplies(true);
        PendingReplies replies = session.pendingReplies();
        PendingReplies.Ticket first = replies.take(16);
        PendingReplies.Ticket second = replies.take(16);
        ByteBuf held = reply("2");
        replies.complete(second, held);

        session.release();
        ByteBuf late = reply("1");
        replies.complete(first, late);

        assertThat(held.refCnt()).isZero();
        assertThat(late.refCnt()).isZero();
        assertThat(sent()).isEmpty();
        assertFalse(ch.finish());
    }

    private static ByteBuf reply(String id) {
        return Unpooled.copiedBuffer("{\"id\":\"" + id + "\"}", StandardCharsets.UTF_8);
    }

    /** The ids of the replies written since the last call, in order; releases them. */
    private List<String> sent() {
        List<String> ids = new ArrayList<>();
        TextWebSocketFrame frame;
        while ((frame = ch.readOutbound()) != null) {
            ids.add(frame.text().replaceAll("\\{\"id\":\"(.*)\"}", "$1"));
            frame.release();
        }
        return ids;
    }
}
