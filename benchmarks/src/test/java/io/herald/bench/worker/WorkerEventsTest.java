package io.herald.bench.worker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerEventsTest {

    private final List<String> events = new ArrayList<>();
    private final WorkerEvents.Listener listener = new WorkerEvents.Listener() {
        @Override
        public void hello() {
            events.add("hello");
        }

        @Override
        public void opened() {
            events.add("opened");
        }

        @Override
        public void ready(int index, long micros) {
            events.add("ready " + index + " " + micros);
        }

        @Override
        public void failed(int index, String reason) {
            events.add("failed " + index + " " + reason);
        }

        @Override
        public void closed(int index, String reason) {
            events.add("closed " + index + " " + reason);
        }

        @Override
        public void received(int index, long seq, long sentMicros, long receivedNanos) {
            events.add("received " + index + " " + seq + " " + sentMicros + " " + receivedNanos);
        }
    };

    @Test
    void everyEventReadsBackAsItWasWritten() throws IOException {
        byte[] stream = concat(WorkerEvents.hello(), WorkerEvents.ready(7, 1234),
                WorkerEvents.failed(8, "login refused: 401 invalid token"), WorkerEvents.opened(),
                WorkerEvents.received(Integer.MAX_VALUE, 1L << 40, 1_763_726_400_000_000L, -5_000_000_000L),
                WorkerEvents.received(7, -1, -1, 0), WorkerEvents.closed(7, "closed by the node with 4009 — é"));

        WorkerEvents.readAll(new DataInputStream(new ByteArrayInputStream(stream)), listener);

        assertThat(events).containsExactly("hello", "ready 7 1234", "failed 8 login refused: 401 invalid token",
                "opened", "received 2147483647 1099511627776 1763726400000000 -5000000000", "received 7 -1 -1 0",
                "closed 7 closed by the node with 4009 — é");
    }

    @Test
    void aReceiptIsTwentyNineBytes() {
        assertThat(WorkerEvents.received(1, 2, 3, 4)).hasSize(29);
    }

    @Test
    void aStreamThatBreaksOffWithinAnEventIsAnError() {
        byte[] receipt = WorkerEvents.received(1, 2, 3, 4);
        byte[] cut = concat(WorkerEvents.hello(), Arrays.copyOf(receipt, 20));

        assertThatThrownBy(() -> WorkerEvents.readAll(new DataInputStream(new ByteArrayInputStream(cut)), listener))
                .isInstanceOf(IOException.class).hasMessageContaining("broke off within an event");
        assertThat(events).containsExactly("hello");
    }

    @Test
    void anUnknownEventTypeIsAnError() {
        byte[] stream = {'H', 'Z', 0, 0};

        assertThatThrownBy(() -> WorkerEvents.readAll(new DataInputStream(new ByteArrayInputStream(stream)),
                listener)).isInstanceOf(IOException.class).hasMessage("unknown worker event type 90");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
