package io.herald.bench.worker;

import io.herald.bench.load.ConnectionListener;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker process's side of its event stream: hears its connections like any {@link ConnectionListener} and
 * writes each report as a {@link WorkerEvents} event. Event loops only encode and queue, never touch the pipe; a
 * thread of its own writes the queue out, flushing whenever it has caught up, so a slow reader never blocks a loop.
 * If the run stops reading (it exited), writing fails and {@code onBroken} is told. Thread-safe.
 */
final class EventOutput implements ConnectionListener, AutoCloseable {

    private static final byte[] END = new byte[0];
    private static final int BATCH = 4096;

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final OutputStream out;
    private final Runnable onBroken;
    private final Thread writer;

    EventOutput(OutputStream out, Runnable onBroken) {
        this.out = out;
        this.onBroken = onBroken;
        this.writer = new Thread(this::writeAll, "herald-bench-events");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    void hello() {
        queue.add(WorkerEvents.hello());
    }

    void opened() {
        queue.add(WorkerEvents.opened());
    }

    @Override
    public void ready(int index, long micros) {
        queue.add(WorkerEvents.ready(index, micros));
    }

    @Override
    public void failed(int index, String reason) {
        queue.add(WorkerEvents.failed(index, reason));
    }

    @Override
    public void closed(int index, String reason) {
        queue.add(WorkerEvents.closed(index, reason));
    }

    @Override
    public void received(int index, long seq, long sentMicros, long receivedNanos) {
        queue.add(WorkerEvents.received(index, seq, sentMicros, receivedNanos));
    }

    private void writeAll() {
        List<byte[]> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                for (byte[] event : batch) {
                    if (event == END) {
                        out.flush();
                        return;
                    }
                    out.write(event);
                }
                batch.clear();
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            onBroken.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes out what is queued, then stops; waits up to a second for it. */
    @Override
    public void close() throws InterruptedException {
        queue.add(END);
        writer.join(TimeUnit.SECONDS.toMillis(1));
    }
}
