package io.herald.gateway.api;

import io.herald.codec.RawJson;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.route.StreamStore;

import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/history?stream=user:alice&since=40}: what a stream's history still holds after {@code since}
 * (default 0: all of it), from the same history recovery reads. Answers {@code {"epoch":…,"seq":n,
 * "complete":b,"pushes":[…]}}, each push the frame its clients were sent (with {@code id}, {@code seq} and
 * {@code data}); {@code complete} says whether the history still reaches back to {@code since}. 404 where the node
 * has no streams.
 */
public final class HistoryEndpoint implements Endpoint {

    private final StreamStore streams;

    public HistoryEndpoint(StreamStore streams) {
        this.streams = streams;
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException {
        if (!streams.streamsOn()) {
            throw new WireException(ReplyCode.NOT_FOUND, "streams are off on this node (--history-size 0)");
        }
        String stream = request.requireParameter("stream");
        long since = request.longParameter("since", 0);
        return streams.history(stream, since, Integer.MAX_VALUE).thenApply(replay -> ApiResponse.ok(w -> w
                .raw("{\"epoch\":").string(replay.now().epoch())
                .raw(",\"seq\":").number(replay.now().seq())
                .raw(",\"complete\":").bool(replay.complete())
                .raw(",\"pushes\":").array(replay.pushes(), (item, push) -> item.value(RawJson.trusted(push.frame())))
                .raw("}")));
    }
}
