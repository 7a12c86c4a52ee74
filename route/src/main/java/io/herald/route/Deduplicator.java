package io.herald.route;

import java.util.concurrent.CompletionStage;

/**
 * Remembers message ids for the dedupe window, so that a push retried by a backend is delivered once.
 */
public interface Deduplicator {

    /** Records the id; completes with {@code true} the first time within the window, {@code false} after. */
    CompletionStage<Boolean> firstSeen(String messageId);
}
