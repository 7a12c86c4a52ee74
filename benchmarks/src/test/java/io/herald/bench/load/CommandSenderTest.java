package io.herald.bench.load;

import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.MicroClock;
import io.herald.codec.Json;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CommandSenderTest {

    private final RunContext run = new RunContext(new RunIds("run1"), new Json(), new MicroClock(),
            new DeliveryLedger());
    private final CommandSender sender = new CommandSender(run, 25, 10);

    @Test
    void connectionsAreInRoomsOfTheirSize() {
        assertThat(sender.room(0)).isEqualTo("run1-room-0");
        assertThat(sender.room(9)).isEqualTo("run1-room-0");
        assertThat(sender.room(10)).isEqualTo("run1-room-1");
        assertThat(sender.roomOf(24)).isEqualTo(2);
    }

    @Test
    void aReadyConnectionSendsItsCommandWithTheSendTimeTheMessageIdAndItsRoom() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThat(sender.send(12, 7, 1234)).as("not ready yet").isFalse();
        sender.ready(12, ch);

        assertThat(sender.send(12, 7, 1234)).isTrue();

        TextWebSocketFrame frame = ch.readOutbound();
        assertThat(frame.text()).isEqualTo("{\"id\":\"7\",\"cmd\":\"bench.echo\",\"data\":{\"t\":1234,"
                + "\"id\":\"run1.7\",\"room\":\"run1-room-1\"}}");
        frame.release();
        assertThat(sender.sent()).isEqualTo(1);
        assertFalse(ch.finish());
    }

    @Test
    void repliesAreCountedTimedFromMeasureOnAndARefusalCancelsItsPushes() {
        sender.measureFrom(1000);
        run.ledger().expect(1, 10);
        run.ledger().expect(2, 10);
        long now = System.nanoTime();

        sender.replied(new InboundFrame("bench.echo", "1", 200, "OK", run.clock().micros(now) - 500), now);
        sender.replied(new InboundFrame("bench.echo", "0", 200, "OK", 999), now);
        sender.replied(new InboundFrame("bench.echo", "2", 502, "the upstream cannot be reached", -1), now);
        sender.replied(new InboundFrame("heartbeat", "h", 200, "ok", -1), now);

        assertThat(sender.answered()).isEqualTo(2);
        assertThat(sender.refusalsByCode()).isEqualTo(Map.of("502", 1L));
        assertThat(sender.roundTrips().total().count()).as("only the one sent since measureFrom").isEqualTo(1);
        assertThat(sender.roundTrips().total().p50()).isBetween(450L, 550L);
        assertThat(run.ledger().expectedSoFar()).as("the refused command's pushes are not expected").isEqualTo(10);
    }
}
