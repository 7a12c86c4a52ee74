package io.herald.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The node registry in memory: nodes registered with an expiry in a map that several registries may share
 * ({@link #sharing}), so that a cluster of nodes in one process (the cluster logic's unit tests) sees the same
 * live nodes. Every stage is already complete. Thread-safe.
 */
public final class InMemoryNodeRegistry implements NodeRegistry {

    private record Registration(NodeInfo info, long expiresAt) {
    }

    private final Map<String, Registration> registered;
    private final String selfId;
    private final long ttlMillis;
    private final LongSupplier clock;
    private volatile Map<String, NodeInfo> alive = Map.of();

    /**
     * @param clock milliseconds, the time registrations expire by
     */
    public InMemoryNodeRegistry(String selfId, Duration ttl, LongSupplier clock) {
        this(new ConcurrentHashMap<>(), selfId, ttl, clock);
    }

    private InMemoryNodeRegistry(Map<String, Registration> registered, String selfId, Duration ttl,
                                 LongSupplier clock) {
        this.registered = registered;
        this.selfId = selfId;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** The registry of another node of the same cluster: it sees the nodes this one sees. */
    public InMemoryNodeRegistry sharing(String otherId) {
        return new InMemoryNodeRegistry(registered, otherId, Duration.ofMillis(ttlMillis), clock);
    }

    @Override
    public synchronized CompletionStage<Heartbeat> heartbeat(NodeInfo self) {
        long now = clock.getAsLong();
        Registration before = registered.put(self.id(), new Registration(self, now + ttlMillis));
        boolean rejoined = before == null || before.expiresAt() <= now;
        return CompletableFuture.completedFuture(new Heartbeat(readAlive(), rejoined));
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        return CompletableFuture.completedFuture(readAlive());
    }

    private List<NodeInfo> readAlive() {
        long now = clock.getAsLong();
        registered.values().removeIf(r -> r.expiresAt() <= now);
        List<NodeInfo> nodes = new ArrayList<>();
        Map<String, NodeInfo> byId = new HashMap<>();
        for (Registration r : registered.values()) {
            nodes.add(r.info());
            byId.put(r.info().id(), r.info());
        }
        alive = Map.copyOf(byId);
        return nodes;
    }

    @Override
    public Map<String, NodeInfo> aliveNodes() {
        return alive;
    }

    @Override
    public boolean isAlive(String nodeId) {
        return selfId.equals(nodeId) || alive.containsKey(nodeId);
    }

    @Override
    public CompletionStage<Void> markDead(String nodeId) {
        if (!nodeId.equals(selfId)) {
            registered.remove(nodeId);
            Map<String, NodeInfo> without = new HashMap<>(alive);
            without.remove(nodeId);
            alive = Map.copyOf(without);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> leave() {
        registered.remove(selfId);
        return CompletableFuture.completedFuture(null);
    }
}
