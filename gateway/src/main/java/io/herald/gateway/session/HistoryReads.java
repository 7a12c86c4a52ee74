package io.herald.gateway.session;

import io.herald.route.StreamStore;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's reads of stream history to fill gaps, shared: when a push never reached the node (a relay failed)
 * every connection on the stream misses the same seqs at the same moment, and one read of the store serves them
 * all rather than one each. A read is shared while it is in flight and for {@link #KEEP_NANOS} after. One per
 * node; thread-safe.
 */
public final class HistoryReads {

    private static final long KEEP_NANOS = 1_000_000_000L;

    private record Key(String stream, long afterSeq, int limit) {
    }

    private record Read(CompletableFuture<StreamStore.Replay> replay, long startedAt) {
    }

    private final StreamStore store;
    private final Map<Key, Read> reads = new ConcurrentHashMap<>();

    public HistoryReads(StreamStore store) {
        this.store = store;
    }

    /** Up to {@code limit} pushes of {@code stream} after {@code afterSeq}, read once for every caller. */
    CompletionStage<StreamStore.Replay> after(String stream, long afterSeq, int limit) {
        long now = System.nanoTime();
        if (reads.size() > 64) {
            reads.values().removeIf(read -> read.replay().isDone() && now - read.startedAt() > KEEP_NANOS);
        }
        Key key = new Key(stream, afterSeq, limit);
        Read read = reads.compute(key, (k, before) -> before != null && now - before.startedAt() <= KEEP_NANOS
                ? before : new Read(store.history(stream, afterSeq, limit).toCompletableFuture(), now));
        return read.replay();
    }

    /** Whether the node has streams at all. */
    boolean streamsOn() {
        return store.streamsOn();
    }
}
