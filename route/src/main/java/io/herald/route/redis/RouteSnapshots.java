package io.herald.route.redis;

import io.herald.codec.StreamPosition;
import io.herald.route.AcceptedRoutes;
import io.herald.route.ConnectionRoute;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The routes the accept script read for each push on a user's stream, by stream and position, until the router
 * takes them ({@link AcceptedRoutes}). Each push's routes are taken microseconds after they were offered; one that
 * never is (its push failed between the store and the router) is dropped by the next offer that finds the map
 * larger than {@link #SWEEP_ABOVE}, once older than {@link #MAX_AGE_NANOS}. Thread-safe.
 */
final class RouteSnapshots implements AcceptedRoutes {

    /** How many snapshots may wait before an offer looks for forgotten ones. */
    private static final int SWEEP_ABOVE = 4096;
    /** How old a snapshot nobody took may get: far longer than any push takes from its store to its router. */
    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Key(String stream, String epoch, long seq) {
    }

    private record Snapshot(List<ConnectionRoute> routes, long offeredAt) {
    }

    private final Map<Key, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    RouteSnapshots(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Keeps the routes read with the push at {@code position} of {@code stream} for the router. */
    void offer(String stream, StreamPosition position, List<ConnectionRoute> routes) {
        long now = nanoClock.getAsLong();
        if (snapshots.size() > SWEEP_ABOVE) {
            snapshots.values().removeIf(snapshot -> now - snapshot.offeredAt() > MAX_AGE_NANOS);
        }
        snapshots.put(new Key(stream, position.epoch(), position.seq()), new Snapshot(routes, now));
    }

    @Override
    public List<ConnectionRoute> take(String stream, StreamPosition position) {
        Snapshot snapshot = snapshots.remove(new Key(stream, position.epoch(), position.seq()));
        return snapshot == null ? null : snapshot.routes();
    }

    /** How many snapshots wait; for tests. */
    int size() {
        return snapshots.size();
    }
}
