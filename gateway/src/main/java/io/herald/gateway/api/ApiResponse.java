package io.herald.gateway.api;

import io.herald.codec.JsonWriter;
import io.herald.codec.ReplyCode;

import java.util.function.Consumer;

/**
 * What an endpoint answers: a code, a message and the writer of its {@code data}.
 */
public record ApiResponse(int code, String msg, Consumer<JsonWriter> data) {

    static final Consumer<JsonWriter> EMPTY_OBJECT = w -> w.raw("{}");

    static ApiResponse ok(Consumer<JsonWriter> data) {
        return new ApiResponse(ReplyCode.OK.code(), ReplyCode.OK.defaultMessage(), data);
    }
}
