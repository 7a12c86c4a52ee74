package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.http.JsonResponses;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Routes API requests to their endpoints: 401 without the right API key (where one is set; {@code /healthz}
 * needs none) or, on {@code /internal/} paths, without the cluster secret, 404 for an unknown path, 405 for a
 * wrong method, 400 for a malformed request, 500 where an endpoint fails. An endpoint's answer may complete on
 * another thread (Redis, a relay); it is written back on the request's own event loop. Stateless; one instance
 * serves every API channel.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    /** Paths only other nodes call, with the cluster secret instead of the API key. */
    static final String INTERNAL_PREFIX = "/internal/";

    private final Json json;
    private final ApiRoutes routes;
    private final HealthCheck health;
    private final Optional<byte[]> apiKey;
    private final Optional<byte[]> clusterSecret;

    ApiHandler(Json json, ApiRoutes routes, HealthCheck health, Optional<String> apiKey,
               Optional<String> clusterSecret) {
        this.json = json;
        this.routes = routes;
        this.health = health;
        this.apiKey = apiKey.map(ApiHandler::bearer);
        this.clusterSecret = clusterSecret.map(ApiHandler::bearer);
    }

    /** {@code /healthz} with a method other than GET: 405, through the same path as every route. */
    private static final ApiRoutes.Route HEALTH = new ApiRoutes.Route(HttpMethod.GET, request -> {
        throw new IllegalStateException("GET /healthz is answered before routing");
    });

    private static byte[] bearer(String key) {
        return ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.BAD_REQUEST,
                    "malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        boolean internal = path.startsWith(INTERNAL_PREFIX);
        if (HealthCheck.PATH.equals(path) && HttpMethod.GET.equals(request.method())) {
            JsonResponses.send(ctx, health.response(ctx.alloc()), keepAlive);
            return;
        }
        if (!HealthCheck.PATH.equals(path) && !authorized(request, internal ? clusterSecret : apiKey, internal)) {
            FullHttpResponse response = JsonResponses.error(ctx.alloc(), ReplyCode.UNAUTHORIZED,
                    internal ? "missing or wrong cluster secret" : "missing or wrong API key");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            JsonResponses.send(ctx, response, keepAlive);
            return;
        }
        ApiRoutes.Route route = HealthCheck.PATH.equals(path) ? HEALTH : routes.route(path);
        if (route == null) {
            JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.NOT_FOUND, "unknown path"), keepAlive);
            return;
        }
        if (!route.method().equals(request.method())) {
            FullHttpResponse response = JsonResponses.error(ctx.alloc(), ReplyCode.METHOD_NOT_ALLOWED,
                    "method not allowed (expected: " + route.method() + ")");
            response.headers().set(HttpHeaderNames.ALLOW, route.method().name());
            JsonResponses.send(ctx, response, keepAlive);
            return;
        }
        ApiRequest apiRequest = new ApiRequest(json, uri, ByteBufUtil.getBytes(request.content()), ctx.alloc());
        CompletionStage<ApiResponse> answer;
        try {
            answer = route.endpoint().handle(apiRequest);
        } catch (WireException e) {
            JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), e.code(), e.getMessage()), keepAlive);
            return;
        }
        // Back on this channel's loop, whichever thread completed the answer.
        answer.whenCompleteAsync((response, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                log.warn("{} {} failed", request.method(), path, cause);
                JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.INTERNAL_ERROR,
                        "internal error"), keepAlive);
            } else {
                JsonResponses.send(ctx, JsonResponses.response(ctx.alloc(), response.code(), response.msg(),
                        response.data()), keepAlive);
            }
        }, ctx.executor());
    }

    /** Checks the bearer credential; none configured lets everyone in, except on internal paths. */
    private static boolean authorized(FullHttpRequest request, Optional<byte[]> expected, boolean internal) {
        if (expected.isEmpty()) {
            return !internal;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        // Constant time, so the key cannot be guessed byte by byte from response times.
        return header != null && MessageDigest.isEqual(expected.get(), header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("API connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
