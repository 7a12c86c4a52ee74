package io.herald.bench.load;

import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.MicroClock;
import io.herald.codec.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiConnectionHandlerTest {

    private final List<String> events = new ArrayList<>();
    private final AnswerListener listener = new AnswerListener() {
        @Override
        public void answered(PushRequest push, FullHttpResponse response) {
            events.add("answered " + push.seq() + " " + response.status().code());
        }

        @Override
        public void unanswered(PushRequest push, boolean sent, String reason) {
            events.add("unanswered " + push.seq() + (sent ? " sent" : " queued"));
        }
    };
    private final ApiConnectionHandler handler = new ApiConnectionHandler("127.0.0.1:8081", "Bearer k",
            null, listener);
    private final EmbeddedChannel ch = new EmbeddedChannel(handler);

    @Test
    void sendsOneRequestAtATimeInOrder() {
        handler.send(push(0));
        handler.send(push(1));

        FullHttpRequest first = ch.readOutbound();
        assertThat(first.method()).isEqualTo(HttpMethod.POST);
        assertThat(first.uri()).isEqualTo("/api/push");
        assertThat(first.headers().get(HttpHeaderNames.HOST)).isEqualTo("127.0.0.1:8081");
        assertThat(first.headers().get(HttpHeaderNames.AUTHORIZATION)).isEqualTo("Bearer k");
        assertThat(first.headers().contains(HttpHeaderNames.ACCEPT)).as("Herald's requests as backends send them")
                .isFalse();
        assertThat(first.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(9);
        assertThat(first.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"seq\":0}");
        first.release();
        Object waiting = ch.readOutbound();
        assertThat(waiting).as("the second waits for the first's answer").isNull();

        ch.writeInbound(ok());

        assertThat(events).containsExactly("answered 0 200");
        FullHttpRequest next = ch.readOutbound();
        assertThat(next.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"seq\":1}");
        next.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void eachRequestGoesToItsPushsPathWithTheAcceptHeaderWhereOneIsSet() {
        ApiConnectionHandler nchan = new ApiConnectionHandler("127.0.0.1:18090", null, "application/json", listener);
        EmbeddedChannel channel = new EmbeddedChannel(nchan);

        nchan.send(new PushRequest(0, 0, "/pub/r-4", Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)));
        FullHttpRequest request = channel.readOutbound();

        assertThat(request.uri()).isEqualTo("/pub/r-4");
        assertThat(request.headers().get(HttpHeaderNames.ACCEPT)).isEqualTo("application/json");
        assertThat(request.headers().contains(HttpHeaderNames.AUTHORIZATION)).isFalse();
        request.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void drawsFromASourceUntilItIsSpent() {
        DeliveryLedger ledger = new DeliveryLedger();
        RunContext run = new RunContext(new RunIds("r"), new Json(), new MicroClock(), ledger);
        PushSource source = new PushSource(run, PushTarget.broadcast(null, () -> 1), 64, ch.alloc());
        source.budget(2, System.nanoTime() + 1_000_000_000_000L);

        handler.drawFrom(source);
        release(ch.readOutbound());
        ch.writeInbound(ok());
        release(ch.readOutbound());
        ch.writeInbound(ok());

        assertThat(events).containsExactly("answered 0 200", "answered 1 200");
        Object more = ch.readOutbound();
        assertThat(more).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aClosedConnectionLeavesItsPushesUnanswered() {
        handler.send(push(0));
        handler.send(push(1));
        release(ch.readOutbound());

        ch.close();
        handler.send(push(2));

        assertThat(events).containsExactly("unanswered 0 sent", "unanswered 1 queued", "unanswered 2 queued");
    }

    private static PushRequest push(long seq) {
        return new PushRequest(seq, 0, "/api/push",
                Unpooled.copiedBuffer("{\"seq\":" + seq + "}", StandardCharsets.UTF_8));
    }

    private static FullHttpResponse ok() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer("{\"code\":200,\"msg\":\"ok\",\"data\":{\"delivered\":1}}",
                        StandardCharsets.UTF_8));
    }

    private static void release(Object outbound) {
        ((FullHttpRequest) outbound).release();
    }
}
