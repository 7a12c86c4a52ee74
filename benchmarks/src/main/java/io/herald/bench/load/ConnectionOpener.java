package io.herald.bench.load;

/**
 * Opens client connections and reports how each fares: sockets of this process ({@link SocketOpener}), or
 * connections held by worker processes (the worker package's pool). Called from one thread at a time.
 */
public interface ConnectionOpener {

    /**
     * Starts opening connections {@code from} (inclusive) to {@code to} (exclusive), {@code perSecond} a second
     * in all (0: as fast as the node takes them), and reports each to {@code listener}; returns once every one
     * of them has been started, possibly before they are ready.
     */
    void open(int from, int to, int perSecond, ConnectionListener listener) throws InterruptedException;
}
