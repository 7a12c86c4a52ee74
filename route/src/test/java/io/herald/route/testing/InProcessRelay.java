package io.herald.route.testing;

import io.herald.route.Delivered;
import io.herald.route.LocalNode;
import io.herald.route.relay.Relay;
import io.herald.route.relay.RelayOp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relay between nodes in one process: each operation is applied to the node registered at its address, as
 * the receiving node's relay endpoint would, and recorded as {@code "ADDRESS OP"}. An address with no node
 * counts 0, as a failed relay does. Thread-safe.
 */
public final class InProcessRelay implements Relay {

    private final Map<String, LocalNode> nodes = new ConcurrentHashMap<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();

    /** Registers the node that answers at {@code address}. */
    public InProcessRelay at(String address, LocalNode node) {
        nodes.put(address, node);
        return this;
    }

    /** Every operation submitted so far, as {@code "127.0.0.1:2 users"}. */
    public List<String> sent() {
        return sent;
    }

    @Override
    public CompletableFuture<Delivered> submit(String address, RelayOp op) {
        sent.add(address + " " + op.op());
        LocalNode node = nodes.get(address);
        if (node == null) {
            RelayOp.release(op);
            return CompletableFuture.completedFuture(Delivered.NONE);
        }
        return RelayOp.applyAll(List.of(op), node).thenApply(counts -> counts.get(0)).toCompletableFuture();
    }
}
