package io.herald.gateway.upstream;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.RawJson;
import io.herald.codec.WireException;
import io.herald.gateway.api.Publisher;
import io.herald.gateway.api.PushOptions;
import io.herald.gateway.api.PushTargets;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;
import java.util.function.Supplier;

/**
 * Performs the pushes an upstream's answer lists, each {@code {"uid"|"uids"|"conn"|"group"|"all":true, "id"?,
 * "data"}}, through the {@link Publisher} that {@code /api/push} and {@code /api/broadcast} use: the same streams,
 * dedupe by id and relays to other nodes. An element that is not such a push is left out, counted and logged once
 * per burst; the others are performed. Thread-safe; called on a connection's loop.
 */
public final class UpstreamPushes {

    private final Json json;
    private final Publisher publisher;
    private final UpstreamFailures failures;

    public UpstreamPushes(Json json, Publisher publisher, UpstreamFailures failures) {
        this.json = json;
        this.publisher = publisher;
        this.failures = failures;
    }

    /**
     * Starts every push of {@code pushes}; does not wait for them.
     *
     * @param answering what the answer was to, for the log: the command and who sent it (asked for only where a
     *                  failure is logged)
     */
    public void perform(List<RawJson> pushes, ByteBufAllocator alloc, Supplier<String> answering) {
        for (int i = 0; i < pushes.size(); i++) {
            int index = i;
            JsonObject push;
            Publisher.Target target;
            try {
                push = JsonObject.parse(json, pushes.get(i));
                target = PushTargets.read(push);
                publisher.publish(push, target, PushOptions.NONE, alloc).whenComplete((done, e) -> {
                    if (e != null) {
                        failures.failed(UpstreamFailures.Kind.PUSH_FAILED, () -> e.toString());
                    }
                });
            } catch (WireException e) {
                failures.failed(UpstreamFailures.Kind.BAD_PUSH,
                        () -> "push " + index + " of the answer to " + answering.get() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                failures.failed(UpstreamFailures.Kind.PUSH_FAILED, () -> e.toString());
            }
        }
    }
}
