package io.herald.gateway.auth;

import io.herald.codec.ReplyCode;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that check the tokens whose signature costs too much to check on an event loop ({@link
 * JwtVerifier#offLoop}: PS* and ES*), so that a storm of such logins stalls no connection that shares a loop with
 * them. One per node, owned by whoever builds the node's verifier, and closed with the node.
 *
 * <p>As many threads as the machine has cores, and a bounded queue in front of them: a check that finds the queue full
 * is not run, and its login is refused at once with 503 {@code busy: …} (the {@code login} reply, then close 4001; on
 * the upgrade request HTTP 503), as admission refuses an upgrade past {@code --max-pending-logins}. The default bound,
 * {@value #DEFAULT_QUEUE} checks, is what two cores check in about a second and a quarter at ES256's 2.3 ms (JDK 17):
 * well within the login timeout a client would otherwise wait out, and past it a client does better to come back.
 *
 * <p>Threads: {@link #submit} from any thread, an event loop included (it never blocks); the check runs on a thread
 * of the pool, and its result completes there: the caller hops back to its connection's loop.
 */
public final class TokenCheckPool implements AutoCloseable {

    /** How many checks may wait for a thread, by default. */
    public static final int DEFAULT_QUEUE = 1024;

    /** The refusal of a check past the queue's bound. */
    static final String BUSY = "busy: too many token checks under way, retry after 1s";

    /** A check of a token, which runs on a thread of the pool. */
    @FunctionalInterface
    interface Check {
        TokenClaims run() throws InvalidTokenException;
    }

    private final ThreadPoolExecutor executor;

    /** A pool of one thread per core and the default queue. */
    public TokenCheckPool() {
        this(Runtime.getRuntime().availableProcessors(), DEFAULT_QUEUE);
    }

    /**
     * @param threads how many checks run at once
     * @param queue   how many checks may wait for a thread
     */
    public TokenCheckPool(int threads, int queue) {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("threads: " + threads + ", queue: " + queue + " (expected: >= 1)");
        }
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), task -> {
                    Thread thread = new Thread(task, "herald-token-check-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code check} on a thread of the pool. Completes there with its claims, or exceptionally with a {@link
     * LoginRefusedException}: 401 for a refused token, 503 {@code busy: …} at once where the queue is full or the
     * pool closed. Never blocks.
     */
    CompletableFuture<TokenClaims> submit(Check check) {
        Task task = new Task(check);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.refuse();
        }
        return task.result;
    }

    /** Stops the threads; a check still waiting for one is refused as busy. */
    @Override
    public void close() {
        List<Runnable> waiting = executor.shutdownNow();
        for (Runnable task : waiting) {
            ((Task) task).refuse();
        }
    }

    private static final class Task implements Runnable {

        final CompletableFuture<TokenClaims> result = new CompletableFuture<>();
        private final Check check;

        Task(Check check) {
            this.check = check;
        }

        @Override
        public void run() {
            try {
                result.complete(check.run());
            } catch (InvalidTokenException e) {
                result.completeExceptionally(LoginCheck.refused(e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        void refuse() {
            result.completeExceptionally(new LoginRefusedException(ReplyCode.UNAVAILABLE.code(), BUSY));
        }
    }
}
