package io.herald.gateway.api;

import io.herald.codec.JsonObject;
import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.route.UniqueIds;
import io.herald.route.Deduplicator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What every push and broadcast goes through: the message id (the caller's, or a new one), the dedupe check
 * that answers a repeated id {@code "duplicate":true} without delivering it again, and the one encoding of
 * the frame that every connection shares.
 */
public final class MessageGate {

    private final Deduplicator deduplicator;
    private final UniqueIds messageIds;

    public MessageGate(Deduplicator deduplicator, UniqueIds messageIds) {
        this.deduplicator = deduplicator;
        this.messageIds = messageIds;
    }

    /**
     * Reads {@code id} and {@code data} from a push body and delivers the message unless its id was seen
     * within the window: encodes the frame once (naming {@code group} where not null), hands it to
     * {@code delivery}, releases it when delivery is done, and answers {@code {"id":…,"delivered":n}}. A body
     * without {@code id} gets a new one, which needs no dedupe. Where the window cannot be read, delivers.
     */
    CompletionStage<ApiResponse> deliver(JsonObject body, String group, ByteBufAllocator alloc,
                                         Function<ByteBuf, CompletionStage<Integer>> delivery) throws WireException {
        String id = body.optString("id");
        RawJson data = body.optRaw("data");
        if (id != null && id.isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "field 'id' must not be empty");
        }
        if (data == null) {
            throw WireException.missing("data");
        }
        PushMessage message = new PushMessage(id == null ? messageIds.next() : id, group, data);
        // Where the window cannot be read (Redis down), the message counts as new: a degraded node keeps
        // delivering to its own connections, at the cost of delivering a retry twice.
        CompletionStage<Boolean> first = id == null
                ? CompletableFuture.completedFuture(true)
                : deduplicator.firstSeen(id).exceptionally(e -> true);
        return first.thenCompose(isFirst -> isFirst
                ? deliverNow(message, alloc, delivery)
                : CompletableFuture.completedFuture(ApiResponse.ok(w -> w.raw("{\"id\":").string(message.id())
                        .raw(",\"delivered\":0,\"duplicate\":true}"))));
    }

    private static CompletionStage<ApiResponse> deliverNow(PushMessage message, ByteBufAllocator alloc,
                                                           Function<ByteBuf, CompletionStage<Integer>> delivery) {
        ByteBuf frame = message.encode(alloc);
        CompletionStage<Integer> delivered;
        try {
            delivered = delivery.apply(frame);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        return delivered.whenComplete((n, e) -> frame.release())
                .thenApply(n -> ApiResponse.ok(w -> w.raw("{\"id\":").string(message.id())
                        .raw(",\"delivered\":").number(n).raw("}")));
    }
}
