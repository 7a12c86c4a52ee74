package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.gateway.metrics.PushMetrics;
import io.herald.route.Deduplicator;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.herald.route.Router;
import io.herald.route.StreamStore;
import io.herald.route.UniqueIds;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * What every push and broadcast goes through, in order:
 * <ol>
 *   <li>its message id (the caller's, or a new one) and the dedupe check, which answers a repeated id
 *       {@code "duplicate":true} without delivering it again;</li>
 *   <li>the stream store: each target stream hands the push its next seq and keeps it in its history, and a push
 *       with a ttl is stored for each target user, before anyone is answered (so a push that got a 200 is
 *       durable); pushes of one call share one round trip;</li>
 *   <li>the router, with each frame encoded once;</li>
 *   <li>the answer: {@code {"id":…,"delivered":n}}, with {@code seq} where the push is on one stream,
 *       {@code acked} where acks were awaited and {@code stored} where it has a ttl.</li>
 * </ol>
 * Where the store cannot be reached the push still goes out to whoever is connected, without a seq, and the answer
 * says {@code "stored":0}; a log line says so once per outage. Called on the API's loops; thread-safe.
 */
public final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    private final Deduplicator deduplicator;
    private final UniqueIds messageIds;
    private final StreamStore streams;
    private final Router router;
    private final LongSupplier clock;
    private final PushMetrics metrics;
    private final AtomicBoolean storeDown = new AtomicBoolean();

    /**
     * @param clock   milliseconds since the epoch, for the expiry of stored pushes
     * @param metrics where each push is counted and timed
     */
    public Publisher(Deduplicator deduplicator, UniqueIds messageIds, StreamStore streams, Router router,
                     LongSupplier clock, PushMetrics metrics) {
        this.deduplicator = deduplicator;
        this.messageIds = messageIds;
        this.streams = streams;
        this.router = router;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Who a push is for. */
    public sealed interface Target {
        /** Each user on its own stream. */
        record Users(List<String> uids) implements Target {
        }

        /** One connection, on no stream. */
        record Connection(String conn) implements Target {
        }

        /** A group's members, on the group's stream. */
        record Group(String group) implements Target {
        }

        /** Every connection, on the {@code all} stream. */
        record All() implements Target {
        }
    }

    /**
     * Reads {@code id} and {@code data} from a push body and publishes it to {@code target} unless its id was seen
     * within the dedupe window. Where the window cannot be read, publishes.
     */
    public CompletionStage<ApiResponse> publish(JsonObject body, Target target, PushOptions options,
                                                ByteBufAllocator alloc) throws WireException {
        String id = body.optName("id");
        RawJson data = body.optRaw("data");
        if (id != null && id.isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field 'id' must not be empty");
        }
        if (data == null) {
            throw WireException.missing("data");
        }
        String messageId = id == null ? messageIds.next() : id;
        long start = metrics.pushed(kind(target));
        // Where the window cannot be read (Redis down), the message counts as new: a degraded node keeps
        // delivering to its own connections, at the cost of delivering a retry twice.
        CompletionStage<Boolean> first = id == null
                ? CompletableFuture.completedFuture(true)
                : deduplicator.firstSeen(id).exceptionally(e -> true);
        return first.thenCompose(isFirst -> isFirst
                ? accept(messageId, data, target, options, alloc)
                : CompletableFuture.completedFuture(ApiResponse.ok(w -> w.raw("{\"id\":").string(messageId)
                        .raw(",\"delivered\":0,\"duplicate\":true}"))))
                .whenComplete((answer, e) -> metrics.done(start));
    }

    private static PushMetrics.Kind kind(Target target) {
        if (target instanceof Target.Users) {
            return PushMetrics.Kind.USER;
        }
        if (target instanceof Target.Connection) {
            return PushMetrics.Kind.CONN;
        }
        return target instanceof Target.Group ? PushMetrics.Kind.GROUP : PushMetrics.Kind.ALL;
    }

    private CompletionStage<ApiResponse> accept(String id, RawJson data, Target target, PushOptions options,
                                                ByteBufAllocator alloc) {
        List<StreamStore.Accept> accepts = accepts(id, data, target, options);
        boolean needsStore = !(target instanceof Target.Connection) && (streams.streamsOn() || options.stored());
        CompletionStage<List<StreamStore.Accepted>> accepted = needsStore
                ? streams.accept(accepts).thenApply(this::storeUp).exceptionally(this::storeDown)
                : CompletableFuture.completedFuture(null);
        return accepted.thenCompose(frames -> frames == null
                ? route(id, target, options, accepts, List.of(unstored(accepts, alloc)), false)
                : route(id, target, options, accepts, frames, true));
    }

    private static List<StreamStore.Accept> accepts(String id, RawJson data, Target target, PushOptions options) {
        List<StreamStore.Accept> accepts = new ArrayList<>();
        if (target instanceof Target.Users users) {
            for (String uid : users.uids()) {
                StreamStore.Storage storage = options.stored()
                        ? new StreamStore.Storage(uid, options.expiresAt(), options.receipt()) : null;
                accepts.add(new StreamStore.Accept(new PushMessage(id, PushMessage.userStream(uid), null, data),
                        storage));
            }
        } else if (target instanceof Target.Group group) {
            accepts.add(new StreamStore.Accept(new PushMessage(id, PushMessage.groupStream(group.group()),
                    group.group(), data), null));
        } else if (target instanceof Target.All) {
            accepts.add(new StreamStore.Accept(new PushMessage(id, PushMessage.ALL_STREAM, null, data), null));
        } else {
            accepts.add(new StreamStore.Accept(new PushMessage(id, null, null, data), null));
        }
        return accepts;
    }

    private List<StreamStore.Accepted> storeUp(List<StreamStore.Accepted> accepted) {
        if (storeDown.compareAndSet(true, false)) {
            log.info("The stream store answers again: pushes get seqs and are stored again");
        }
        return accepted;
    }

    private List<StreamStore.Accepted> storeDown(Throwable e) {
        if (storeDown.compareAndSet(false, true)) {
            log.warn("The stream store cannot be reached: pushes go out to connected clients without a seq and "
                    + "are not stored until it answers again ({})", e.toString());
        }
        return null;
    }

    /**
     * The one frame of a push the store does not take (to one connection, streams off, or the store unreachable):
     * on no stream, so every target user gets the same bytes, encoded once.
     */
    private static StreamStore.Accepted unstored(List<StreamStore.Accept> accepts, ByteBufAllocator alloc) {
        return new StreamStore.Accepted(null, accepts.get(0).message().encode(alloc));
    }

    /**
     * Routes the push: {@code frames} has one frame per accept, or one for all where none was stored.
     *
     * @param durable whether the store took the push (its stored pushes' acks then drop them from storage)
     */
    private CompletionStage<ApiResponse> route(String id, Target target, PushOptions options,
                                               List<StreamStore.Accept> accepts, List<StreamStore.Accepted> frames,
                                               boolean durable) {
        Delivery.Acks acks = new Delivery.Acks(options.awaitMillis(), options.receipt(), durable && options.stored());
        List<Delivery> deliveries = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            StreamStore.Accepted a = frames.get(i);
            deliveries.add(new Delivery(id, a.position() == null ? null : accepts.get(i).message().stream(),
                    a.position(), a.frame(), acks));
        }
        CompletionStage<Delivered> delivered;
        try {
            delivered = deliver(target, deliveries);
        } catch (RuntimeException e) {
            frames.forEach(a -> a.frame().release());
            throw e;
        }
        Long seq = target instanceof Target.Connection || frames.size() != 1 || frames.get(0).position() == null
                ? null : frames.get(0).position().seq();
        int stored = options.stored() && durable ? accepts.size() : 0;
        return delivered.whenComplete((d, e) -> frames.forEach(a -> a.frame().release()))
                .thenApply(d -> ApiResponse.ok(w -> {
                    w.raw("{\"id\":").string(id).raw(",\"delivered\":").number(d.written());
                    if (seq != null) {
                        w.raw(",\"seq\":").number(seq);
                    }
                    if (options.awaited()) {
                        w.raw(",\"acked\":").number(d.acked());
                    }
                    if (options.stored()) {
                        w.raw(",\"stored\":").number(stored);
                    }
                    w.raw("}");
                }));
    }

    private CompletionStage<Delivered> deliver(Target target, List<Delivery> deliveries) {
        if (target instanceof Target.Users users) {
            Map<String, Delivery> byUser = new LinkedHashMap<>();
            for (int i = 0; i < users.uids().size(); i++) {
                // One delivery for all where the push is one frame: it is framed and relayed once.
                byUser.put(users.uids().get(i), deliveries.get(deliveries.size() == 1 ? 0 : i));
            }
            return router.pushToUsers(byUser);
        }
        if (target instanceof Target.Group group) {
            return router.pushToGroup(group.group(), deliveries.get(0));
        }
        if (target instanceof Target.All) {
            return router.pushToAll(deliveries.get(0));
        }
        return router.pushToConnection(((Target.Connection) target).conn(), deliveries.get(0));
    }
}
