package io.herald.gateway.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where the public keys that sign tokens come from: one key file, or a JWKS fetched over HTTP. Thread-safe. */
interface KeySource extends AutoCloseable {

    /** The keys at hand; {@code null} where none were fetched yet. Never blocks. */
    KeySet current();

    /**
     * The keys after another look at their source, where it may be looked at again now; else the keys at hand.
     * Completes exceptionally with a {@link LoginRefusedException} (502) where they cannot be had.
     */
    CompletionStage<KeySet> refresh();

    /** Stops fetching. */
    @Override
    default void close() {
    }

    /** The one key of {@code --jwt-public-key}: never fetched. */
    static KeySource of(KeySet keys) {
        CompletableFuture<KeySet> same = CompletableFuture.completedFuture(keys);
        return new KeySource() {
            @Override
            public KeySet current() {
                return keys;
            }

            @Override
            public CompletionStage<KeySet> refresh() {
                return same;
            }
        };
    }
}
