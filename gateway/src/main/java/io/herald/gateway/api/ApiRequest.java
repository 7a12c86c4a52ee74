package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;

/**
 * One API call: its query parameters and body, read on the API channel's event loop.
 */
public final class ApiRequest {

    private final Json json;
    private final Map<String, List<String>> parameters;
    private final byte[] body;
    private final ByteBufAllocator alloc;

    ApiRequest(Json json, QueryStringDecoder uri, byte[] body, ByteBufAllocator alloc) {
        this.json = json;
        this.parameters = uri.parameters();
        this.body = body;
        this.alloc = alloc;
    }

    /** The body as one JSON object. */
    JsonObject body() throws WireException {
        return JsonObject.parse(json, body, 0, body.length);
    }

    /** The body's bytes as they came. */
    byte[] rawBody() {
        return body;
    }

    /** A query parameter that must be present and not empty. */
    String requireParameter(String name) throws WireException {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            throw new WireException(ReplyCode.BAD_REQUEST, "missing parameter '" + name + "'");
        }
        if (!JsonObject.isName(values.get(0))) {
            throw new WireException(ReplyCode.BAD_REQUEST,
                    "parameter '" + name + "' " + JsonObject.NAME_RULE);
        }
        return values.get(0);
    }

    /** An integer query parameter at least 0, or {@code fallback} where absent. */
    long longParameter(String name, long fallback) throws WireException {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(values.get(0));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new WireException(ReplyCode.BAD_REQUEST, "parameter '" + name + "' must be an integer >= 0");
    }

    ByteBufAllocator alloc() {
        return alloc;
    }
}
