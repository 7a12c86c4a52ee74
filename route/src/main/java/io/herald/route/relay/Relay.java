package io.herald.route.relay;

import io.herald.route.Delivered;

import java.util.concurrent.CompletableFuture;

/**
 * Hands operations to other nodes. {@link RelayClient} sends them over HTTP; the router's tests hand them to
 * nodes in the same process.
 */
public interface Relay {

    /**
     * Queues an operation for the node at {@code address} ({@code host:port}); takes ownership of its frame.
     * Completes with what the operation did there (connections written or closed, and acked where awaited), or
     * {@link Delivered#NONE} where the relay failed; never exceptionally.
     */
    CompletableFuture<Delivered> submit(String address, RelayOp op);
}
