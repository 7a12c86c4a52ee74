package io.herald.route.relay;

import java.util.concurrent.CompletableFuture;

/**
 * Hands operations to other nodes. {@link RelayClient} sends them over HTTP; the router's tests hand them to
 * nodes in the same process.
 */
public interface Relay {

    /**
     * Queues an operation for the node at {@code address} ({@code host:port}); takes ownership of its frame.
     * Completes with the operation's count, or 0 where the relay failed; never exceptionally.
     */
    CompletableFuture<Integer> submit(String address, RelayOp op);
}
