package io.herald.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** What a {@link HeraldClient.Builder} was given, checked. */
record Settings(List<URI> uris, String uid, String device, String token, Supplier<? extends CompletionStage<String>> tokens,
                boolean asksForTokens, HeraldClient.Listener listener, Duration commandTimeout,
                Duration connectTimeout, Duration minReconnectDelay, Duration maxReconnectDelay,
                Duration refreshBeforeExpiry, int dedupeSize, boolean autoAck, Map<String, Position> since,
                HttpClient httpClient) {
}
