package io.herald.bench.load;

import java.util.concurrent.Semaphore;

/**
 * Frees a place among the connects under way ({@code pending}) once a connection is ready or has failed, and passes
 * every report on: what bounds how many handshakes are in flight at once.
 */
final class SettlingListener implements ConnectionListener {

    private final ConnectionListener next;
    private final Semaphore pending;

    SettlingListener(ConnectionListener next, Semaphore pending) {
        this.next = next;
        this.pending = pending;
    }

    @Override
    public void ready(int index, long micros) {
        pending.release();
        next.ready(index, micros);
    }

    @Override
    public void failed(int index, String reason) {
        pending.release();
        next.failed(index, reason);
    }

    @Override
    public void closed(int index, String reason) {
        next.closed(index, reason);
    }

    @Override
    public void received(int index, long seq, long sentMicros, long receivedNanos) {
        next.received(index, seq, sentMicros, receivedNanos);
    }
}
