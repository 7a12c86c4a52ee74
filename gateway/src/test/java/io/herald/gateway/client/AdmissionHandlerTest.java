package io.herald.gateway.client;

import io.herald.gateway.session.SessionEvent;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AdmissionHandlerTest {

    /** The node's slots, made with the limit of the first channel a test opens. */
    private ConnectionSlots slots;
    /** The node's limit on upgrades under way, for the tests of that limit. */
    private final ConnectionSlots logins = new ConnectionSlots(2);

    @Test
    void admitsUpToTheLimitAndPassesTheirRequestsOn() {
        EmbeddedChannel first = channel(2);
        EmbeddedChannel second = channel(2);

        assertThat(slots.taken()).isEqualTo(2);
        FullHttpRequest request = request();
        assertThat(second.writeInbound(request)).isTrue();
        FullHttpRequest passedOn = second.readInbound();
        assertThat(passedOn).isSameAs(request);
        passedOn.release();

        assertFalse(first.finish());
        assertFalse(second.finish());
        assertThat(slots.taken()).isEqualTo(0);
    }

    @Test
    void answersAConnectionOverTheLimit503AndClosesIt() {
        EmbeddedChannel admitted = channel(1);
        EmbeddedChannel refused = channel(1);
        assertThat(slots.taken()).isEqualTo(1);
        FullHttpRequest request = request();

        assertThat(refused.writeInbound(request)).isFalse();

        FullHttpResponse response = refused.readOutbound();
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":503,\"msg\":\"too many connections\",\"data\":null}");
        response.release();
        assertThat(request.refCnt()).isZero();
        assertThat(refused.isOpen()).isFalse();
        assertFalse(refused.finish());
        assertThat(slots.taken()).as("a refused connection gives back no place").isEqualTo(1);

        assertFalse(admitted.finish());
        assertThat(slots.taken()).isEqualTo(0);
    }

    @Test
    void aPlaceFreedByACloseIsTakenAgain() {
        EmbeddedChannel first = channel(1);
        first.close();

        EmbeddedChannel second = channel(1);
        FullHttpRequest request = request();
        assertThat(second.writeInbound(request)).isTrue();
        ((FullHttpRequest) second.readInbound()).release();

        assertFalse(first.finish());
        assertFalse(second.finish());
        assertThat(slots.taken()).isEqualTo(0);
    }

    @Test
    void anUpgradePastTheUpgradesUnderWayIsAnswered503WithRetryAfterBeforeItsHandshake() {
        slots = new ConnectionSlots(0);
        EmbeddedChannel first = upgrading();
        EmbeddedChannel second = upgrading();
        assertThat(logins.taken()).isEqualTo(2);

        EmbeddedChannel third = new EmbeddedChannel(new AdmissionHandler(slots, logins));
        FullHttpRequest request = request();
        assertThat(third.writeInbound(request)).isFalse();

        FullHttpResponse response = third.readOutbound();
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.headers().getInt(HttpHeaderNames.RETRY_AFTER)).isEqualTo(AdmissionHandler.RETRY_AFTER_SECONDS);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).startsWith("{\"code\":503,\"msg\":\"busy: ");
        response.release();
        assertThat(request.refCnt()).isZero();
        assertThat(third.isOpen()).isFalse();
        assertThat(logins.taken()).isEqualTo(2);

        first.pipeline().fireUserEventTriggered(SessionEvent.LOGGED_IN);
        assertThat(logins.taken()).as("a login reply gives the place back").isEqualTo(1);
        assertThat(first.pipeline().get(AdmissionHandler.class)).as("nothing left to guard").isNull();
        second.close();
        assertThat(logins.taken()).as("so does a close before it").isZero();
        assertFalse(first.finish());
        assertFalse(second.finish());
        assertFalse(third.finish());
    }

    @Test
    void requestsOtherThanUpgradesTakeNoPlace() {
        slots = new ConnectionSlots(0);
        EmbeddedChannel health = new EmbeddedChannel(new AdmissionHandler(slots, logins));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/healthz");
        assertThat(health.writeInbound(request)).isTrue();
        ((FullHttpRequest) health.readInbound()).release();

        assertThat(logins.taken()).isZero();
        assertFalse(health.finish());
    }

    @Test
    void withAConnectionLimitTheHandlerStaysAfterLoginToGiveThePlaceBackAtClose() {
        EmbeddedChannel channel = channel(1);
        FullHttpRequest request = request();
        assertThat(channel.writeInbound(request)).isTrue();
        ((FullHttpRequest) channel.readInbound()).release();

        channel.pipeline().fireUserEventTriggered(SessionEvent.LOGGED_IN);
        assertThat(channel.pipeline().get(AdmissionHandler.class)).isNotNull();
        assertThat(logins.taken()).isZero();
        channel.close();
        assertThat(slots.taken()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void onATlsPortAConnectionPastItsAddressesRateIsClosedBeforeItsHandshake() {
        AddressRates rates = new AddressRates(1, 1);
        ClientRefusals refusals = new ClientRefusals();
        ConnectionSlots none = new ConnectionSlots(0);
        // The TLS handler would sit before this one: the refused connection must not get as far as a read.
        EmbeddedSocketChannel first = new EmbeddedSocketChannel(
                new AdmissionHandler(none, none, rates, refusals, true));
        EmbeddedSocketChannel second = new EmbeddedSocketChannel(
                new AdmissionHandler(none, none, rates, refusals, true));

        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).as("closed at once, before a TLS handshake it would pay for").isFalse();
        assertThat((Object) second.readOutbound()).as("nothing written").isNull();
        assertThat(refusals.count(ClientRefusals.Kind.IP_CONNECT_RATE)).isOne();
        assertFalse(first.finish());
    }

    private EmbeddedChannel upgrading() {
        EmbeddedChannel channel = new EmbeddedChannel(new AdmissionHandler(slots, logins));
        FullHttpRequest request = request();
        assertThat(channel.writeInbound(request)).isTrue();
        ((FullHttpRequest) channel.readInbound()).release();
        return channel;
    }

    private EmbeddedChannel channel(int max) {
        if (slots == null) {
            slots = new ConnectionSlots(max);
        }
        return new EmbeddedChannel(new AdmissionHandler(slots, logins));
    }

    private static FullHttpRequest request() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws?x=1");
    }
}
