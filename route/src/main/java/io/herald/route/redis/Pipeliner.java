package io.herald.route.redis;

import redis.clients.jedis.AbstractPipeline;

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
 */
final class Pipeliner {

    /** The most jobs one pipeline carries. */
    private static final int MAX_JOBS_PER_FLUSH = 256;

    /** Work that queues its commands on a pipeline and reads their answers once it was sent. */
    interface Job {
        /** Queues the job's commands; called on a Redis thread. */
        void queue(AbstractPipeline pipeline);

        /** The pipeline was sent and answered: reads the answers and completes the job. */
        void answered();

        /** The pipeline failed (Redis unreachable, queue full). */
        void failed(Throwable cause);
    }

    private final RedisExecutor redis;
    private final Queue<Job> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    Pipeliner(RedisExecutor redis) {
        this.redis = redis;
    }

    void submit(Job job) {
        queue.add(job);
        if (flushScheduled.compareAndSet(false, true)) {
            flush();
        }
    }

    private void flush() {
        List<Job> batch = new ArrayList<>();
        redis.callOnce(j -> {
            flushScheduled.set(false);
            Job next;
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
                batch.forEach(job -> job.queue(p));
                p.sync();
            }
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                if (batch.isEmpty()) {
                    // Refused before it ran (queue full): fail what is queued rather than leave it waiting.
                    flushScheduled.set(false);
                    Job next;
                    while ((next = queue.poll()) != null) {
                        batch.add(next);
                    }
                }
                batch.forEach(job -> job.failed(e));
            } else {
                batch.forEach(Job::answered);
            }
        });
    }
}
