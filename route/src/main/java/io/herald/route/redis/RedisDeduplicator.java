package io.herald.route.redis;

import io.herald.route.Deduplicator;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Message ids in Redis, so that a retry is deduplicated whichever node it lands on: {@code SET NX PX}, atomic,
 * queued on the node's shared pipeline ({@link Pipeliner}) so that the pushes in flight share round trips. Stages
 * complete on the Redis pool.
 */
public final class RedisDeduplicator implements Deduplicator {

    private final Pipeliner pipeliner;
    private final RedisKeys keys;
    private final SetParams params;

    public RedisDeduplicator(RedisExecutor redis, String keyPrefix, Duration window) {
        this(new Pipeliner(redis), keyPrefix, window);
    }

    RedisDeduplicator(Pipeliner pipeliner, String keyPrefix, Duration window) {
        this.pipeliner = pipeliner;
        this.keys = new RedisKeys(keyPrefix);
        this.params = SetParams.setParams().nx().px(window.toMillis());
    }

    @Override
    public CompletionStage<Boolean> firstSeen(String messageId) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        pipeliner.submit(new Pipeliner.Job() {
            private Response<String> set;

            @Override
            public void queue(AbstractPipeline pipeline) {
                set = pipeline.set(keys.message(messageId), "1", params);
            }

            @Override
            public void answered() {
                try {
                    result.complete("OK".equals(set.get()));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void failed(Throwable cause) {
                result.completeExceptionally(cause);
            }

            /**
             * A broken pooled connection fails before Redis saw the command, as {@link RedisExecutor#call} assumes
             * for every call.
             */
            @Override
            public boolean retryable() {
                return true;
            }
        });
        return result;
    }
}
