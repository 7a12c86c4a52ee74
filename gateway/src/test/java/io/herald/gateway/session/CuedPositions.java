package io.herald.gateway.session;

import io.herald.codec.StreamPosition;
import io.herald.route.StreamStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A stream store whose reads of positions wait until {@link #answer} answers them with what it holds then. */
final class CuedPositions implements StreamStore {
    private final StreamStore store;
    private final List<Map.Entry<Collection<String>, CompletableFuture<Map<String, StreamPosition>>>> asked =
            new ArrayList<>();

    CuedPositions(StreamStore store) {
        this.store = store;
    }

    /** Answers the reads asked so far, each with what the store holds now; returns whether there were any. */
    boolean answer() {
        List<Map.Entry<Collection<String>, CompletableFuture<Map<String, StreamPosition>>>> now = take(asked.size());
        now.forEach(read -> read.getValue().complete(store.positions(read.getKey()).toCompletableFuture().join()));
        return !now.isEmpty();
    }

    /** Answers the oldest read asked, with what the store holds now. */
    void answerOldest() {
        take(1).forEach(read -> read.getValue().complete(store.positions(read.getKey()).toCompletableFuture().join()));
    }

    /** Fails the reads asked so far, as an unreachable store does. */
    void fail() {
        take(asked.size()).forEach(read -> read.getValue().completeExceptionally(new IllegalStateException("down")));
    }

    /** How many reads wait for an answer. */
    synchronized int waiting() {
        return asked.size();
    }

    private synchronized List<Map.Entry<Collection<String>, CompletableFuture<Map<String, StreamPosition>>>> take(
            int n) {
        List<Map.Entry<Collection<String>, CompletableFuture<Map<String, StreamPosition>>>> taken =
                new ArrayList<>(asked.subList(0, Math.min(n, asked.size())));
        asked.subList(0, taken.size()).clear();
        return taken;
    }

    @Override
    public synchronized CompletionStage<Map<String, StreamPosition>> positions(Collection<String> streams) {
        CompletableFuture<Map<String, StreamPosition>> read = new CompletableFuture<>();
        asked.add(Map.entry(List.copyOf(streams), read));
        return read;
    }

    @Override
    public boolean streamsOn() {
        return store.streamsOn();
    }

    @Override
    public CompletionStage<List<Accepted>> accept(List<Accept> pushes) {
        return store.accept(pushes);
    }

    @Override
    public CompletionStage<Map<String, Replay>> replay(Map<String, StreamPosition> since) {
        return store.replay(since);
    }

    @Override
    public CompletionStage<Replay> history(String stream, long afterSeq, int limit) {
        return store.history(stream, afterSeq, limit);
    }

    @Override
    public CompletionStage<List<Entry>> stored(String uid) {
        return store.stored(uid);
    }

    @Override
    public CompletionStage<Boolean> acked(String uid, String id) {
        return store.acked(uid, id);
    }

    @Override
    public CompletionStage<List<Expired>> expired(int max) {
        return store.expired(max);
    }
}
