package io.herald.route.redis;

import io.herald.route.Deduplicator;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Message ids in Redis, so that a retry is deduplicated whichever node it lands on: {@code SET NX PX}, one
 * round trip, atomic. Stages complete on the Redis pool.
 */
public final class RedisDeduplicator implements Deduplicator {

    private final RedisExecutor redis;
    private final RedisKeys keys;
    private final long windowMillis;

    public RedisDeduplicator(RedisExecutor redis, String keyPrefix, Duration window) {
        this.redis = redis;
        this.keys = new RedisKeys(keyPrefix);
        this.windowMillis = window.toMillis();
    }

    @Override
    public CompletionStage<Boolean> firstSeen(String messageId) {
        return redis.call(j -> "OK".equals(j.set(keys.message(messageId), "1",
                SetParams.setParams().nx().px(windowMillis))));
    }
}
