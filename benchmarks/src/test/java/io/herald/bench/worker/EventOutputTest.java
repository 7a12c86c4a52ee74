package io.herald.bench.worker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventOutputTest {

    @Test
    void eventsFromSeveralThreadsAllReachTheStreamWhole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int threads = 4;
        int perThread = 10_000;
        try (EventOutput out = new EventOutput(bytes, () -> { })) {
            out.hello();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Thread sender = new Thread(() -> {
                    for (int seq = 0; seq < perThread; seq++) {
                        out.received(index, seq, seq, seq);
                    }
                });
                senders.add(sender);
                sender.start();
            }
            for (Thread sender : senders) {
                sender.join();
            }
            out.opened();
        }

        long[] perIndex = new long[threads];
        List<String> markers = new ArrayList<>();
        WorkerEvents.readAll(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                new WorkerEvents.Listener() {
                    @Override
                    public void hello() {
                        markers.add("hello");
                    }

                    @Override
                    public void opened() {
                        markers.add("opened");
                    }

                    @Override
                    public void ready(int index, long micros) {
                    }

                    @Override
                    public void failed(int index, String reason) {
                    }

                    @Override
                    public void closed(int index, String reason) {
                    }

                    @Override
                    public void received(int index, long seq, long sentMicros, long receivedNanos) {
                        assertThat(seq).isEqualTo(perIndex[index]).isEqualTo(sentMicros).isEqualTo(receivedNanos);
                        perIndex[index]++;
                    }
                });
        assertThat(markers).containsExactly("hello", "opened");
        assertThat(perIndex).containsOnly(perThread);
    }

    @Test
    void aStreamNobodyReadsAnyMoreIsReported() throws InterruptedException {
        CountDownLatch broken = new CountDownLatch(1);
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };

        try (EventOutput out = new EventOutput(closedPipe, broken::countDown)) {
            out.ready(1, 100);
            assertThat(broken.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
