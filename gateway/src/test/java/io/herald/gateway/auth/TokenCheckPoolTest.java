package io.herald.gateway.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The pool of costly token checks: a check runs on a thread of its own and completes there; past the queue's bound a
 * check is refused at once with 503 {@code busy:}, and the checks taken still complete; a refused token is 401; a
 * check still waiting when the pool closes is refused as busy.
 */
class TokenCheckPoolTest {

    private final TokenCheckPool pool = new TokenCheckPool(1, 1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        pool.close();
    }

    private TokenClaims blocked(String uid) throws InvalidTokenException {
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new InvalidTokenException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidTokenException("interrupted");
        }
        return new TokenClaims(uid, Set.of(), false);
    }

    @Test
    void runsAChecksOnAThreadOfItsOwn() throws Exception {
        CompletableFuture<String> thread = pool.submit(() -> new TokenClaims(Thread.currentThread().getName(),
                Set.of(), false)).thenApply(TokenClaims::uid);

        assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("herald-token-check-")
                .isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void refusesAsBusyPastTheQueuesBoundAndRunsWhatItTook() throws Exception {
        CompletableFuture<TokenClaims> running = pool.submit(() -> blocked("alice"));
        CompletableFuture<TokenClaims> waiting = pool.submit(() -> blocked("bob"));

        CompletableFuture<TokenClaims> refused = pool.submit(() -> blocked("carol"));

        assertThat(refused).isCompletedExceptionally();
        assertBusy(refused);
        assertThat(running).isNotDone();
        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS).uid()).isEqualTo("alice");
        assertThat(waiting.get(10, TimeUnit.SECONDS).uid()).isEqualTo("bob");
    }

    @Test
    void aRefusedTokenIs401() {
        CompletableFuture<TokenClaims> refused = pool.submit(() -> {
            throw new InvalidTokenException("token signature is invalid");
        });

        Throwable e = catchThrowable(() -> refused.get(10, TimeUnit.SECONDS));
        assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(LoginRefusedException.class)
                .hasMessage("token signature is invalid");
        assertThat(((LoginRefusedException) e.getCause()).code()).isEqualTo(401);
    }

    @Test
    void refusesWhatStillWaitsWhenItCloses() {
        pool.submit(() -> blocked("alice"));
        CompletableFuture<TokenClaims> waiting = pool.submit(() -> blocked("bob"));

        pool.close();

        assertBusy(waiting);
        assertBusy(pool.submit(() -> blocked("carol")));
    }

    private static void assertBusy(CompletableFuture<TokenClaims> check) {
        Throwable e = catchThrowable(check::join);
        assertThat(e.getCause()).isInstanceOf(LoginRefusedException.class).hasMessageStartingWith("busy:");
        assertThat(((LoginRefusedException) e.getCause()).code()).isEqualTo(503);
    }
}
