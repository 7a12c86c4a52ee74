package io.herald.bench;

/** Hears how each client connection fares. Called from the connection's event loop; must not block. */
interface ConnectionListener {

    /** Connection {@code index} is logged in (and has joined its group), {@code micros} after its connect began. */
    void ready(int index, long micros);

    /** Connection {@code index} failed before it was ready; {@code reason} is short, for a count by reason. */
    void failed(int index, String reason);

    /** Connection {@code index} closed after it was ready. */
    void closed(int index, String reason);
}
