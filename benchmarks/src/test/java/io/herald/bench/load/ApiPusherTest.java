package io.herald.bench.load;

import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.MicroClock;
import io.herald.codec.Json;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiPusherTest {

    private final DeliveryLedger ledger = new DeliveryLedger();
    private final RunContext run = new RunContext(new RunIds("r"), new Json(), new MicroClock(), ledger);
    private final ApiPusher pusher = new ApiPusher(null, Transport.detect(), URI.create("http://127.0.0.1:8081"),
            Optional.empty(), Peer.HERALD, run);

    @Test
    void addsUpTheDeliveriesTheNodeReports() {
        ledger.expect(0, 5);
        pusher.answered(push(0), answer(HttpResponseStatus.OK, "{\"id\":\"r.0\",\"delivered\":5}"));

        assertThat(pusher.answered()).isEqualTo(1);
        assertThat(pusher.delivered()).isEqualTo(5);
        assertThat(pusher.answerTimes().total().count()).isEqualTo(1);
        assertThat(ledger.expectedSoFar()).isEqualTo(5);
    }

    @Test
    void aRefusedPushIsExpectedNowhere() {
        ledger.expect(0, 5);
        ledger.expect(1, 5);
        pusher.answered(push(0), answer(HttpResponseStatus.TOO_MANY_REQUESTS, "{}"));
        pusher.answered(push(1), answer(HttpResponseStatus.OK, "{\"id\":\"r.1\",\"delivered\":0,\"duplicate\":true}"));

        assertThat(pusher.refused()).isEqualTo(2);
        assertThat(pusher.refusalsByStatus()).isEqualTo(Map.of("200 duplicate", 1L, "429", 1L));
        assertThat(ledger.expectedSoFar()).isZero();
    }

    @Test
    void aPushSentButUnansweredStaysExpectedAndOneNeverSentDoesNot() {
        ledger.expect(0, 1);
        ledger.expect(1, 1);
        pusher.unanswered(push(0), true, "connection closed");
        pusher.unanswered(push(1), false, "connection closed");

        assertThat(pusher.unanswered()).isEqualTo(2);
        assertThat(ledger.expectedSoFar()).isEqualTo(1);
    }

    @Test
    void nchanAnswers201Or202WithTheChannelsSubscribersAndAnythingElseIsARefusal() {
        ApiPusher nchan = new ApiPusher(null, Transport.detect(), URI.create("http://127.0.0.1:18090/pub/"),
                Optional.empty(), Peer.NCHAN, run);
        for (long seq = 0; seq < 4; seq++) {
            ledger.expect(seq, 5);
        }

        nchan.answered(push(0), nchanAnswer(HttpResponseStatus.CREATED, 5));
        nchan.answered(push(1), nchanAnswer(HttpResponseStatus.ACCEPTED, 0));
        nchan.answered(push(2), nchanAnswer(HttpResponseStatus.FORBIDDEN, 5));
        nchan.answered(push(3), answer(HttpResponseStatus.OK, "{\"delivered\":5}"));

        assertThat(nchan.answered()).isEqualTo(2);
        assertThat(nchan.delivered()).isEqualTo(5);
        assertThat(nchan.refusalsByStatus()).as("Herald's answer is not nchan's").isEqualTo(Map.of("403", 1L,
                "200 duplicate", 1L));
        assertThat(ledger.expectedSoFar()).isEqualTo(10);
    }

    private static PushRequest push(long seq) {
        return new PushRequest(seq, 0, "/api/push", Unpooled.EMPTY_BUFFER);
    }

    /** What nchan's publisher answers when asked for JSON: the channel's state, with its own spacing. */
    private static FullHttpResponse nchanAnswer(HttpResponseStatus status, int subscribers) {
        String body = "{\"messages\": 1, \"requested\": -1, \"subscribers\": " + subscribers
                + ", \"last_message_id\": \"1796292000:0\" }";
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    private static FullHttpResponse answer(HttpResponseStatus status, String data) {
        String body = "{\"code\":" + status.code() + ",\"msg\":\"m\",\"data\":" + data + "}";
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }
}
