package io.herald.route.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs blocking Jedis calls on a bounded pool of its own, so that no event loop ever waits on Redis. A call
 * that finds the queue full fails at once instead of piling up while Redis is slow. Stages complete on the
 * pool's threads. Owns the Jedis client and closes it.
 */
public final class RedisExecutor implements AutoCloseable {

    private final UnifiedJedis jedis;
    private final ThreadPoolExecutor pool;
    /** Calls run or refused since the start, and those that failed (refused, or Redis answered with an error). */
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();

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
        return submit(() -> {
            try {
                return call.apply(jedis);
            } catch (JedisConnectionException e) {
                return call.apply(jedis);
            }
        });
    }

    /**
     * Runs {@code call} with the client on the pool, once: for calls that must not run twice (a script that hands
     * out seqs), where a retry after a failure half-way could repeat what Redis already did.
     */
    public <T> CompletableFuture<T> callOnce(Function<UnifiedJedis, T> call) {
        return submit(() -> call.apply(jedis));
    }

    private <T> CompletableFuture<T> submit(Supplier<T> call) {
        calls.increment();
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(call, pool);
        } catch (RejectedExecutionException e) {
            failures.increment();
            return CompletableFuture.failedFuture(new RejectedExecutionException("Redis queue full"));
        }
        result.whenComplete((r, e) -> {
            if (e != null) {
                failures.increment();
            }
        });
        return result;
    }

    /** Calls to Redis since the start (a pipeline of several commands counts once), for the node's metrics. */
    public long calls() {
        return calls.sum();
    }

    /** Calls that failed: refused with the queue full, or Redis unreachable or answering an error. */
    public long failures() {
        return failures.sum();
    }

    /** Calls waiting for a Redis thread now. */
    public int queued() {
        return pool.getQueue().size();
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
