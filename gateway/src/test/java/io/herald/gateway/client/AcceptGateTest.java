package io.herald.gateway.client;

import io.herald.gateway.session.SessionEvent;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptGateTest {

    private final AcceptGate gate = new AcceptGate(4);
    private final EmbeddedChannel server = new EmbeddedChannel();
    private final ConnectionSlots none = new ConnectionSlots(0);

    @Test
    void acceptingPausesAtTheHighMarkOfConnectionsArrivingAndGoesOnAtHalfOfIt() {
        gate.serverChannel(server);
        List<EmbeddedChannel> arriving = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            arriving.add(connection());
        }
        server.runPendingTasks();
        assertThat(server.config().isAutoRead()).as("3 of 4 arriving").isTrue();

        arriving.add(connection());
        server.runPendingTasks();
        assertThat(server.config().isAutoRead()).as("4 arriving: paused").isFalse();
        assertThat(gate.pauses()).isEqualTo(1);

        arriving.get(0).pipeline().fireUserEventTriggered(SessionEvent.LOGGED_IN);
        server.runPendingTasks();
        assertThat(server.config().isAutoRead()).as("3 arriving: still paused").isFalse();

        arriving.get(1).close();
        server.runPendingTasks();
        assertThat(gate.arriving()).isEqualTo(2);
        assertThat(server.config().isAutoRead()).as("down to half: accepting again").isTrue();
    }

    @Test
    void aConnectionCountsOnceWhetherItLogsInThenClosesOrClosesBeforeItsLogin() {
        EmbeddedChannel loggedIn = connection();
        EmbeddedChannel closed = connection();
        assertThat(gate.arriving()).isEqualTo(2);

        loggedIn.pipeline().fireUserEventTriggered(SessionEvent.LOGGED_IN);
        loggedIn.close();
        closed.close();

        assertThat(gate.arriving()).isZero();
    }

    @Test
    void withoutAMarkItNeverPauses() {
        AcceptGate open = new AcceptGate(0);
        open.serverChannel(server);
        EmbeddedChannel channel = new EmbeddedChannel(new AdmissionHandler(none, new ConnectionSlots(1), open));
        server.runPendingTasks();

        assertThat(open.limited()).isFalse();
        assertThat(open.arriving()).isZero();
        assertThat(server.config().isAutoRead()).isTrue();
        channel.close();
    }

    private EmbeddedChannel connection() {
        return new EmbeddedChannel(new AdmissionHandler(none, new ConnectionSlots(100), gate));
    }
}
