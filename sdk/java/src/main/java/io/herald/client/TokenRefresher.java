package io.herald.client;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where tokens are asked for, asks for a new one before the connection's token's {@code exp} and sends it with
 * {@code refresh}: {@code refreshBeforeExpiry} before, or half-way to it for a token with less life left than that (so
 * that a supplier of short-lived tokens is not asked in a loop). A refresh refused or failed is reported to the
 * listener; the connection then lasts until the old {@code exp}, when the node closes it 4001 and the client
 * reconnects with a token asked anew. Used on the client's thread.
 */
final class TokenRefresher {

    private final Engine engine;
    private final ScheduledExecutorService thread;
    private final Duration before;
    private ScheduledFuture<?> task;

    TokenRefresher(Engine engine, ScheduledExecutorService thread, Duration before) {
        this.engine = engine;
        this.thread = thread;
        this.before = before;
    }

    /** Plans the refresh of {@code token}, the connection's, in place of any planned before. */
    void schedule(String token) {
        cancel();
        if (!engine.asksForTokens()) {
            return;
        }
        OptionalLong exp = Tokens.expiry(engine.json(), token);
        if (exp.isEmpty()) {
            return;
        }
        long left = exp.getAsLong() * 1000 - System.currentTimeMillis();
        if (left <= 0) {
            return;
        }
        long wait = Math.max(left - before.toMillis(), left / 2);
        task = thread.schedule(this::refresh, wait, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        engine.askForToken().whenComplete((token, failure) -> engine.execute(() -> {
            if (failure != null || token == null) {
                engine.error(failure == null ? new IllegalStateException("the token supplier gave null")
                        : Engine.unwrap(failure));
                return;
            }
            engine.commands().send("refresh", Map.of("token", token), null, engine.commandTimeout(),
                    reply -> engine.refreshed(token))
                    .whenComplete((reply, refused) -> {
                        if (refused != null) {
                            engine.error(Engine.unwrap(refused));
                        }
                    });
        }));
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
