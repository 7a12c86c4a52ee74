package io.herald.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The commands the application sends on the live connection ({@code send}, {@code join}, {@code leave},
 * {@code refresh}, {@code ack}) and what their success changes. Used on the client's thread.
 */
final class Commands {

    private final Engine engine;
    private final Json json;
    private final Positions positions;

    Commands(Engine engine, Json json, Positions positions) {
        this.engine = engine;
        this.json = json;
        this.positions = positions;
    }

    /**
     * Sends a command; the future completes on the client's thread, after {@code onSuccess} ran for a 2xx reply. It
     * fails at once with a {@link DisconnectedException} where the client is not logged in: commands are not queued.
     */
    CompletableFuture<Reply> send(String cmd, Map<String, String> fields, String data, Duration timeout,
                                  Consumer<Reply> onSuccess) {
        Connection connection = engine.live();
        if (connection == null) {
            return CompletableFuture.failedFuture(new DisconnectedException("not connected: " + cmd + " was not sent"));
        }
        String id = engine.nextId();
        return connection.request(id, cmd, json.command(id, cmd, fields, data), timeout).thenApply(reply -> {
            onSuccess.accept(reply);
            return reply;
        });
    }

    /** A join succeeded: where its reply says where the group's stream starts, that position is kept. */
    void joined(Reply reply) {
        try {
            Map.Entry<String, Position> position = json.joinPosition(reply.data());
            if (position != null) {
                positions.joined(position.getKey(), position.getValue());
            }
        } catch (IOException e) {
            engine.error(e);
        }
    }

    /** A leave succeeded: the group's stream is no longer received, so it is no longer asked for. */
    void left(String group) {
        positions.left("group:" + group);
    }

    /** Acks a push by hand; nothing where not logged in (the node sends it again, where stored, at the next login). */
    void ack(String pushId) {
        Connection connection = engine.live();
        if (connection != null) {
            connection.send(json.command(null, "ack", Map.of("id", pushId), null));
        }
    }
}
