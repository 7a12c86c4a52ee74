package io.herald.route.testing;

import io.herald.route.ConnectionRoute;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.herald.route.LocalNode;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node that records each call made to it and the frame bytes it was handed. Deliveries to users count one per
 * user named; the others answer distinct counts (conn 1, group 3, all 4, kick-user 5, kick-conn 6), or, when
 * gated, complete when the test completes them. Joins complete at once, or, when gated, when the test completes
 * them. Thread-safe.
 */
public final class RecordingNode implements LocalNode {
    private final String id;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<ByteBuf> copies = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Delivered>> pending = new CopyOnWriteArrayList<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> joins = new CopyOnWriteArrayList<>();
    private volatile boolean gated;
    private volatile boolean joinsGated;

    public RecordingNode(String id) {
        this.id = id;
    }

    /** Every call so far, as {@code "users [alice, bob]"}, {@code "kick-user carol"}. */
    public List<String> calls() {
        return calls;
    }

    /** The frames handed to deliveries, as text. */
    public List<String> frames() {
        return frames;
    }

    /** The frame buffers handed to deliveries, to check they were released. */
    public List<ByteBuf> copies() {
        return copies;
    }

    /** From now on deliveries complete only when the test completes them ({@link #pending}). */
    public void gate() {
        gated = true;
    }

    /** From now on joins complete only when the test completes them ({@link #join}). */
    public void gateJoins() {
        joinsGated = true;
    }

    /** The i-th gated join. */
    public CompletableFuture<Void> join(int i) {
        return joins.get(i);
    }

    /** The i-th gated delivery. */
    public CompletableFuture<Delivered> pending(int i) {
        return pending.get(i);
    }

    /** Every push handed to a delivery method, as it was handed (its frame is released by then). */
    public List<Delivery> deliveries() {
        return deliveries;
    }

    private int record(String call, ByteBuf frame, int result) {
        calls.add(call);
        if (frame != null) {
            frames.add(frame.toString(StandardCharsets.UTF_8));
            copies.add(frame);
        }
        return result;
    }

    private CompletionStage<Delivered> delivery(String call, Delivery delivery, int result) {
        deliveries.add(delivery);
        record(call, delivery.frame(), result);
        if (!gated) {
            return CompletableFuture.completedFuture(new Delivered(result, 0));
        }
        CompletableFuture<Delivered> written = new CompletableFuture<>();
        pending.add(written);
        return written;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String address() {
        return "127.0.0.1:1";
    }

    @Override
    public int connectionCount() {
        return 0;
    }

    @Override
    public List<ConnectionRoute> localRoutes() {
        return List.of();
    }

    @Override
    public Collection<String> localUsers() {
        return List.of();
    }

    @Override
    public CompletionStage<Delivered> deliverToUsers(Map<String, Delivery> byUser) {
        // Users that share a push count as one call, as a relay op carries them.
        Delivery first = byUser.values().iterator().next();
        return delivery("users " + List.copyOf(byUser.keySet()), first, byUser.size());
    }

    @Override
    public CompletionStage<Delivered> deliverToConnection(String conn, Delivery delivery) {
        return delivery("conn " + conn, delivery, 1);
    }

    @Override
    public CompletionStage<Delivered> deliverToGroup(String group, Delivery delivery) {
        return delivery("group " + group, delivery, 3);
    }

    @Override
    public CompletionStage<Delivered> deliverToAll(Delivery delivery) {
        return delivery("all", delivery, 4);
    }

    @Override
    public CompletionStage<Void> joinLocal(String group, String uid) {
        record("join " + group + " " + uid, null, 0);
        if (!joinsGated) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> join = new CompletableFuture<>();
        joins.add(join);
        return join;
    }

    @Override
    public void leaveLocal(String group, String uid) {
        record("leave " + group + " " + uid, null, 0);
    }

    @Override
    public int kickUser(String uid) {
        return record("kick-user " + uid, null, 5);
    }

    @Override
    public int kickConnection(String conn) {
        return record("kick-conn " + conn, null, 6);
    }

    @Override
    public int replaceConnection(String conn) {
        return record("replace-conn " + conn, null, 1);
    }
}
