package io.herald.codec;

/**
 * A position in a stream (PROTOCOL.md, "Pushes, streams and recovery"): the stream's epoch, which changes
 * whenever its history was lost, and a seq, the last push seen on it. A client sends the positions it reached
 * with {@code since} when it logs in again; the login reply gives the current ones.
 *
 * @param epoch the stream's epoch
 * @param seq   the seq of the last push, 0 before the first
 */
public record StreamPosition(String epoch, long seq) {

    public StreamPosition {
        if (epoch == null || epoch.isEmpty()) {
            throw new IllegalArgumentException("epoch: " + epoch + " (expected: a non-empty string)");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: >= 0)");
        }
    }
}
