package io.herald.route.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs blocking Jedis calls on a bounded pool of its own, so that no event loop ever waits on Redis. A call
 * that finds the queue full fails at once instead of piling up while Redis is slow. Stages complete on the
 * pool's threads. Owns the Jedis client and closes it.
 */
public final class RedisExecutor implements AutoCloseable {

    private final UnifiedJedis jedis;
    private final ThreadPoolExecutor pool;

    public RedisExecutor(UnifiedJedis jedis, int threads, int queueSize) {
        this.jedis = jedis;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), r -> {
                    Thread t = new Thread(r, "herald-redis-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code call} with the client on the pool. A call that fails on a broken connection (a pooled one
     * left over from before Redis restarted) is tried once more on a fresh one; every Herald call is safe to
     * repeat.
     */
    public <T> CompletableFuture<T> call(Function<UnifiedJedis, T> call) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return call.apply(jedis);
                } catch (JedisConnectionException e) {
                    return call.apply(jedis);
                }
            }, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("Redis queue full"));
        }
    }

    /**
     * Runs {@code call} with the client on the pool, once: for calls that must not run twice (a script that hands
     * out seqs), where a retry after a failure half-way could repeat what Redis already did.
     */
    public <T> CompletableFuture<T> callOnce(Function<UnifiedJedis, T> call) {
        try {
            return CompletableFuture.supplyAsync(() -> call.apply(jedis), pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("Redis queue full"));
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jedis.close();
    }
}
