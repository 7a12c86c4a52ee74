package io.herald.client;

import java.util.Objects;

/**
 * Where a client stands in a stream (docs/PROTOCOL.md, "Pushes, streams and recovery"): the stream's epoch and the
 * seq of the last push of it the client has. A login with these positions as {@code since} gets what came after.
 *
 * @param epoch the stream's epoch, as the node gave it; changes whenever the stream's history was lost
 * @param seq the seq of the last push received, 0 for none
 */
public record Position(String epoch, long seq) {

    public Position {
        Objects.requireNonNull(epoch, "epoch");
        if (seq < 0) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: >= 0)");
        }
    }
}
