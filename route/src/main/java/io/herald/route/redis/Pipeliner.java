package io.herald.route.redis;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many callers' Redis work in few round trips. Jobs submitted from any thread queue up; the first one schedules
 * a flush on the Redis pool, and the flush sends every job queued by then in one pipeline. While a flush waits
 * for Redis, new jobs queue; as soon as its answers are in, the next flush starts on another pool thread with
 * everything queued meanwhile, while this one hands the answers to their jobs. So a job that arrives alone waits
 * for no timer, and under load each round trip carries what arrived during the last one: at most
 * {@link #MAX_FLUSHES_IN_FLIGHT} pipelines are out at once, because more of them would only split the same jobs
 * into more, smaller round trips, each with its own write, poll, read and thread hand-off. Each flush runs once
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
    /** The most pipelines sent and not yet answered; see the class documentation. */
    private static final int MAX_FLUSHES_IN_FLIGHT = 1;

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
    /** Flushes scheduled or waiting for their answers. */
    private final AtomicInteger inFlight = new AtomicInteger();

    Pipeliner(RedisExecutor redis) {
        this.redis = redis;
    }

    void submit(Job job) {
        enqueue(new Queued(job, false));
    }

    private void enqueue(Queued queued) {
        queue.add(queued);
        flushIfFree();
    }

    /** Starts a flush where jobs wait and fewer than the most flushes are out. */
    private void flushIfFree() {
        while (!queue.isEmpty()) {
            int flushes = inFlight.get();
            if (flushes >= MAX_FLUSHES_IN_FLIGHT) {
                return; // the flush that completes next looks again
            }
            if (inFlight.compareAndSet(flushes, flushes + 1)) {
                flush();
                return;
            }
        }
    }

    private void flush() {
        List<Queued> batch = new ArrayList<>();
        redis.callOnce(j -> {
            Queued next;
            while (batch.size() < MAX_JOBS_PER_FLUSH && (next = queue.poll()) != null) {
                batch.add(next);
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
            inFlight.decrementAndGet();
            if (e != null && batch.isEmpty()) {
                // Refused before it ran (queue full): fail what is queued rather than leave it waiting.
                Queued next;
                while ((next = queue.poll()) != null) {
                    batch.add(next);
                }
            }
            // The next round trip leaves before this one's answers are handed out.
            flushIfFree();
            if (e != null) {
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
