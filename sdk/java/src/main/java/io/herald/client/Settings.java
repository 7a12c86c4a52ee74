package io.herald.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** What a {@link HeraldClient.Builder} was given, checked when built: no bad instance exists. */
record Settings(List<URI> uris, String uid, String device, String token,
                Supplier<? extends CompletionStage<String>> tokens, boolean asksForTokens,
                HeraldClient.Listener listener, Duration commandTimeout, Duration connectTimeout,
                Duration minReconnectDelay, Duration maxReconnectDelay, Duration refreshBeforeExpiry,
                int dedupeSize, boolean autoAck, boolean orderedReplies, Map<String, Position> since,
                HttpClient httpClient) {

    /** Checks everything, failing with the setting, the bad value and what was expected. */
    Settings {
        if (uris == null || uris.isEmpty()) {
            throw new IllegalArgumentException("uris: [] (expected: at least one ws:// or wss:// URI)");
        }
        for (URI uri : uris) {
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("uri: " + uri + " (expected: a ws:// or wss:// URI)");
            }
        }
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("uid: " + uid + " (expected: the user's id)");
        }
        if (token == null && tokens == null) {
            throw new IllegalArgumentException("token: null (expected: a token or a token supplier)");
        }
        requirePositive("commandTimeout", commandTimeout);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("reconnectDelay min", minReconnectDelay);
        requirePositive("reconnectDelay max", maxReconnectDelay);
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("reconnectDelay max: " + maxReconnectDelay + " (expected: >= min "
                    + minReconnectDelay + ")");
        }
        Objects.requireNonNull(refreshBeforeExpiry, "refreshBeforeExpiry");
        if (refreshBeforeExpiry.isNegative()) {
            throw new IllegalArgumentException("refreshBeforeExpiry: " + refreshBeforeExpiry + " (expected: >= 0)");
        }
        if (dedupeSize < 1) {
            throw new IllegalArgumentException("dedupeSize: " + dedupeSize + " (expected: >= 1)");
        }
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(httpClient, "httpClient");
    }

    static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
