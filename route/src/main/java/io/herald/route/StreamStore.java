package io.herald.route;

import io.herald.codec.PushMessage;
import io.herald.codec.StreamPosition;
import io.netty.buffer.ByteBuf;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Streams and stored pushes (PROTOCOL.md, "Pushes, streams and recovery" and "Acknowledgements, receipts,
 * offline delivery"). A push accepted on a stream gets the stream's next seq and joins its history in one atomic
 * step, so that seqs never repeat or leave gaps, whichever node accepts them; a push with a ttl is also stored
 * for its user until one of the user's connections acks it. Each stream has an epoch that changes whenever its
 * history was lost.
 *
 * <p>Every method returns at once; stages complete on the store's own threads (or at once in memory), never on
 * the caller's event loop. A stage fails where the store cannot be reached; the caller then delivers without a
 * seq and says so.
 */
public interface StreamStore {

    /**
     * One push to accept.
     *
     * @param message the push; on its stream where {@link PushMessage#stream()} is set and streams are on
     * @param storage where the push is also kept for its user until acked, or {@code null}
     */
    record Accept(PushMessage message, Storage storage) {
    }

    /**
     * A push kept for one user until one of its connections acks it.
     *
     * @param uid       the user
     * @param expiresAt when it is dropped unacked, epoch milliseconds
     * @param receipt   whether its ack and its expiry are reported as receipt events
     */
    record Storage(String uid, long expiresAt, boolean receipt) {
    }

    /**
     * A push as accepted: its frame, and its place in its stream where it has one.
     *
     * @param position the stream's epoch and the push's seq; {@code null} where the push is on no stream
     * @param frame    the frame's JSON, with stream and seq where it has a position; owned by the caller
     */
    record Accepted(StreamPosition position, ByteBuf frame) {
    }

    /**
     * One push of a stream's history, or one stored for a user.
     *
     * @param id      the message id
     * @param seq     its seq in its stream, or 0 where it has none
     * @param receipt whether its ack is reported as a receipt event (stored pushes)
     * @param frame   the frame's JSON, as it was first sent; shared with the store that handed it out, so read only
     */
    record Entry(String id, long seq, boolean receipt, byte[] frame) {
    }

    /**
     * What a connection missed of one stream.
     *
     * @param now      the stream's position now
     * @param complete whether {@code pushes} is everything after the position asked for: the epoch is the same
     *                 and the history still reaches back to it
     * @param pushes   the pushes after the position asked for that are still in history, in seq order (none where
     *                 the epoch changed)
     */
    record Replay(StreamPosition now, boolean complete, List<Entry> pushes) {
    }

    /**
     * A stored push that expired unacked, and whose sender asked for a receipt.
     *
     * @param uid the user it was stored for
     * @param id  the message id
     */
    record Expired(String uid, String id) {
    }

    /** Whether pushes get seqs and history (history size above 0); without, only storage applies. */
    boolean streamsOn();

    /**
     * Accepts pushes, each on its stream (where streams are on and it has one) and in its user's storage (where
     * it has a ttl); completes with each one's frame and position, in the same order. Pushes accepted together
     * share round trips.
     */
    CompletionStage<List<Accepted>> accept(List<Accept> pushes);

    /**
     * The position of each stream now; a stream that has never had a push gets its epoch here, at seq 0, so that
     * a client that logs in before the first push holds a position that stays valid.
     */
    CompletionStage<Map<String, StreamPosition>> positions(Collection<String> streams);

    /** What a connection missed of each stream since the positions it reached, by stream. */
    CompletionStage<Map<String, Replay>> replay(Map<String, StreamPosition> since);

    /**
     * Up to {@code limit} pushes of one stream's history after {@code afterSeq}, whatever the epoch ({@code GET
     * /api/history}, and a connection filling a gap); {@link Replay#complete()} says whether the history still
     * reaches back to {@code afterSeq}.
     */
    CompletionStage<Replay> history(String stream, long afterSeq, int limit);

    /** The pushes stored for a user and not acked yet, in the order they were pushed. */
    CompletionStage<List<Entry>> stored(String uid);

    /** Drops a stored push that one of the user's connections acked; completes with whether it was stored. */
    CompletionStage<Boolean> acked(String uid, String id);

    /**
     * Takes up to {@code max} stored pushes that expired unacked and asked for receipts; each is handed to one
     * caller only, cluster-wide.
     */
    CompletionStage<List<Expired>> expired(int max);
}
