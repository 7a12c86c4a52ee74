package io.herald.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a {@code heartbeat} every interval the login reply gave; one unanswered within the interval (or the command
 * timeout, where shorter) drops the connection, which then reconnects. Used on the client's thread.
 */
final class Heartbeats {

    private final Engine engine;
    private final ScheduledExecutorService thread;
    private ScheduledFuture<?> task;

    Heartbeats(Engine engine, ScheduledExecutorService thread) {
        this.engine = engine;
        this.thread = thread;
    }

    void start(Connection connection, Duration interval) {
        stop();
        if (interval.isZero()) {
            return;
        }
        Duration wait = interval.compareTo(engine.commandTimeout()) < 0 ? interval : engine.commandTimeout();
        long every = interval.toMillis();
        task = thread.scheduleAtFixedRate(() -> beat(connection, wait), every, every, TimeUnit.MILLISECONDS);
    }

    private void beat(Connection connection, Duration wait) {
        if (!engine.isCurrent(connection)) {
            return;
        }
        String id = engine.nextId();
        connection.request(id, "heartbeat", engine.json().command(id, "heartbeat", Map.of(), null), wait)
                .whenComplete((reply, failure) -> {
                    if (failure instanceof TimeoutException) {
                        engine.drop(connection, "no heartbeat reply within " + wait.toMillis() + " ms");
                    }
                });
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
