package io.herald.gateway.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PipeliningHandlerTest {

    /** Takes requests and answers them only when the test says so. */
    private final List<String> uris = new ArrayList<>();
    private ChannelHandlerContext endpoint;

    private final PipeliningHandler pipelining = new PipeliningHandler(Duration.ofSeconds(1));
    private final EmbeddedChannel ch = new EmbeddedChannel(pipelining.bytes(), new HttpServerCodec(),
            pipelining.requests(), new HttpObjectAggregator(1024), new SimpleChannelInboundHandler<FullHttpRequest>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                    endpoint = ctx;
                    uris.add(request.uri());
                }
            });

    @AfterEach
    void finish() {
        releaseOutbound();
        ch.finishAndReleaseAll();
    }

    @Test
    void pipelinedRequestsAreHandedOnOneAtATimeAndReadingPausesWhileTheyWait() {
        ch.writeInbound(requests(3));

        assertThat(uris).containsExactly("/0");
        assertThat(ch.config().isAutoRead()).as("reading paused while requests wait").isFalse();
        answer(true);
        assertThat(uris).containsExactly("/0", "/1");
        answer(true);
        assertThat(uris).containsExactly("/0", "/1", "/2");
        assertThat(ch.config().isAutoRead()).as("nothing waits: reading again").isTrue();
        answer(true);
        assertThat(uris).hasSize(3);
        assertThat(outboundStatuses()).containsExactly("200", "200", "200");
    }

    /** Netty's codec fails a connection with more than 128 requests decoded and unanswered: never reached. */
    @Test
    void aThousandRequestsInOneReadAreAllServedInOrder() {
        ch.writeInbound(requests(1000));

        for (int i = 0; i < 1000; i++) {
            assertThat(uris).hasSize(i + 1).last().isEqualTo("/" + i);
            answer(true);
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    /** A backend that does not read its answers gets no more served until they are written. */
    @Test
    void noRequestIsHandedOnWhileAnswersWaitToBeWritten() {
        ch.writeInbound(requests(2));
        writable(false);

        answer(true);
        assertThat(uris).as("not writable: the next waits").containsExactly("/0");
        assertThat(ch.config().isAutoRead()).isFalse();

        writable(true);
        assertThat(uris).containsExactly("/0", "/1");
        answer(true);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void aRequestReadWhileAnswersWaitToBeWrittenWaitsToo() {
        writable(false);
        ch.writeInbound(requests(1));
        assertThat(uris).isEmpty();

        writable(true);

        assertThat(uris).containsExactly("/0");
    }

    @Test
    void nothingIsHandedOnAfterAnAnswerThatClosesTheConnection() {
        ch.writeInbound(requests(3));

        answer(false);

        assertThat(uris).containsExactly("/0");
        assertThat(ch.isOpen()).as("not a socket: closed at once").isFalse();
    }

    @Test
    void aRequestArrivingInPiecesIsHandedOnWhole() {
        byte[] bytes = "POST /piece HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789"
                .getBytes(StandardCharsets.US_ASCII);
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        assertThat(uris).containsExactly("/piece");
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    private static ByteBuf requests(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append("GET /").append(i).append(" HTTP/1.1\r\n\r\n");
        }
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** Makes the channel writable or not, as a socket whose buffer fills and empties does. */
    private void writable(boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks(); // the change is announced on the loop
    }

    private void answer(boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        HttpUtil.setKeepAlive(response, keepAlive);
        endpoint.writeAndFlush(response);
        ch.runPendingTasks();
    }

    private List<String> outboundStatuses() {
        List<String> statuses = new ArrayList<>();
        ByteBuf out;
        while ((out = ch.readOutbound()) != null) {
            String text = out.toString(StandardCharsets.US_ASCII);
            if (text.startsWith("HTTP/1.1 ")) {
                statuses.add(text.substring(9, 12));
            }
            out.release();
        }
        return statuses;
    }

    private void releaseOutbound() {
        Object out;
        while ((out = ch.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
    }
}
