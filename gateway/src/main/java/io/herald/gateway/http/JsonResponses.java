package io.herald.gateway.http;

import io.herald.codec.JsonWriter;
import io.herald.codec.RawJson;
import io.herald.codec.ReplyCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.util.function.Consumer;

/**
 * Writes the HTTP responses of both ports: always {@code {"code":…,"msg":…,"data":…}} with the HTTP status
 * equal to {@code code} (PROTOCOL.md). Stateless.
 */
public final class JsonResponses {

    private JsonResponses() {
    }

    /** A response with the given code; {@code data} {@code null} writes {@code "data":null}. */
    public static FullHttpResponse response(ByteBufAllocator alloc, int code, String msg, Consumer<JsonWriter> data) {
        ByteBuf body = alloc.buffer(128);
        JsonWriter w = new JsonWriter(body).raw("{\"code\":").number(code)
                .raw(",\"msg\":").string(msg)
                .raw(",\"data\":");
        if (data == null) {
            w.value(RawJson.NULL);
        } else {
            data.accept(w);
        }
        w.raw("}");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(code), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    public static FullHttpResponse error(ByteBufAllocator alloc, ReplyCode code, String msg) {
        return response(alloc, code.code(), msg, null);
    }

    /**
     * Sends a response, keeping the connection open where the request asked for keep-alive and closing it
     * otherwise. Safe from any thread.
     */
    public static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
