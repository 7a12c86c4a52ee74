package io.herald.bench.load;

/**
 * Hears how each client connection fares, and what it receives. Called from the connection's event loop (or, for
 * connections held by a worker process, from the thread that reads its events); must not block.
 */
public interface ConnectionListener {

    /**
     * Connection {@code index} is logged in (and has joined its group), or against nchan upgraded, {@code micros}
     * after its connect began.
     */
    void ready(int index, long micros);

    /** Connection {@code index} failed before it was ready; {@code reason} is short, for a count by reason. */
    void failed(int index, String reason);

    /** Connection {@code index} closed after it was ready. */
    void closed(int index, String reason);

    /**
     * Connection {@code index} received a push: message {@code seq} of this run ({@code -1}: an id of no push of
     * this run), sent at {@code sentMicros} (epoch microseconds), received at {@code receivedNanos}
     * ({@link System#nanoTime()}, which is the same clock in every process of this machine).
     */
    void received(int index, long seq, long sentMicros, long receivedNanos);
}
