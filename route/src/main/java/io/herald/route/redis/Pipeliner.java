package io.herald.route.redis;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Many callers' Redis work in few round trips. Jobs submitted from any thread queue up; the first one schedules
 * a flush on the Redis pool, and the flush sends every job queued by then in one pipeline. While a flush waits
 * for Redis, new jobs queue and the next one schedules another flush on another pool thread, so that up to the
 * pool's size of pipelines are in flight and a job that arrives alone waits for no timer. Each flush runs once
 * ({@link RedisExecutor#callOnce}): a job's scripts must not run twice.
 *
 * <p>One pipeliner serves every store of a node ({@link RedisStores}), so that the dedupe checks, stream accepts
 * and route reads of the pushes in flight share round trips, whatever kind each is. A job that is safe to repeat
 * ({@link Job#retryable()}) is queued once more where its flush failed on a broken connection (one pooled from
 * before Redis restarted), as {@link RedisExecutor#call} does for a single call; the others fail.
 */
final class Pipeliner {

    /** The most jobs one pipeline carries. */
    private static final int MAX_JOBS_PER_FLUSH = 256;

    /** Work that queues its commands on a pipeline and reads their answers once it was sent. */
    interface Job {
        /** Queues the job's commands; called on a Redis thread. */
        void queue(AbstractPipeline pipeline);

        /** The pipeline was sent and answered: reads the answers and completes the job. Called on a Redis thread. */
        void answered();

        /** The pipeline failed (Redis unreachable, queue full). */
        void failed(Throwable cause);

        /** Whether the job may be sent again after a flush failed on a broken connection. */
        default boolean retryable() {
            return false;
        }
    }

    /** A job as queued: whether it is already a second try. */
    private record Queued(Job job, boolean retry) {
    }

    private final RedisExecutor redis;
    private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    Pipeliner(RedisExecutor redis) {
        this.redis = redis;
    }

    void submit(Job job) {
        enqueue(new Queued(job, false));
    }

    private void enqueue(Queued queued) {
        queue.add(queued);
        if (flushScheduled.compareAndSet(false, true)) {
            flush();
        }
    }

    private void flush() {
        List<Queued> batch = new ArrayList<>();
        redis.callOnce(j -> {
            flushScheduled.set(false);
            Queued next;
            while (batch.size() < MAX_JOBS_PER_FLUSH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (!queue.isEmpty() && flushScheduled.compareAndSet(false, true)) {
                flush();
            }
            if (batch.isEmpty()) {
                return null;
            }
            try (AbstractPipeline p = j.pipelined()) {
                batch.forEach(queued -> queued.job().queue(p));
                p.sync();
            }
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                if (batch.isEmpty()) {
                    // Refused before it ran (queue full): fail what is queued rather than leave it waiting.
                    flushScheduled.set(false);
                    Queued next;
                    while ((next = queue.poll()) != null) {
                        batch.add(next);
                    }
                }
                boolean brokenConnection = rootCause(e) instanceof JedisConnectionException;
                for (Queued queued : batch) {
                    if (brokenConnection && !queued.retry() && queued.job().retryable()) {
                        enqueue(new Queued(queued.job(), true));
                    } else {
                        queued.job().failed(e);
                    }
                }
            } else {
                batch.forEach(queued -> queued.job().answered());
            }
        });
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof JedisConnectionException)) {
            cause = cause.getCause();
        }
        return cause;
    }
}
