package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.http.JsonResponses;
import io.herald.gateway.metrics.NodeMetrics;
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

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Routes API requests to their endpoints: 401 without one of the API keys (where any is set; {@code /healthz}
 * needs none, nor does {@code GET /admin}, the admin page, which holds no figures; {@code GET /metrics}, the node's
 * Prometheus exposition, needs one like the API) or, on
 * {@code /internal/} paths, without the cluster secret, 404 for an unknown path, 405 for a
 * wrong method, 400 for a malformed request, 503 with {@code Retry-After} while the node has as many requests under
 * way as {@code --api-inflight} allows (the cluster's {@code /internal/} calls aside: each serves a request under way
 * on another node, which that node bounds), 500 where an endpoint fails. An endpoint's answer may complete on
 * another thread (Redis, a relay); it is written back on the request's own event loop. An answer that closes the
 * connection (a malformed request, or the backend asked for it) is only marked so: {@link PipeliningHandler} closes
 * the connection once it is out. Holds no state of its own; one instance serves every API channel.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    /** Paths only other nodes call, with the cluster secret instead of the API key. */
    static final String INTERNAL_PREFIX = "/internal/";

    /** Seconds a backend turned away for one request too many under way is told to wait. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Json json;
    private final ApiRoutes routes;
    private final HealthCheck health;
    private final BearerKeys apiKeys;
    private final BearerKeys clusterSecret;
    private final ApiInflight inflight;
    private final NodeMetrics metrics;
    private final AdminPage adminPage = AdminPage.load();

    ApiHandler(Json json, ApiRoutes routes, HealthCheck health, BearerKeys apiKeys, BearerKeys clusterSecret,
               ApiInflight inflight, NodeMetrics metrics) {
        this.json = json;
        this.routes = routes;
        this.health = health;
        this.apiKeys = apiKeys;
        this.clusterSecret = clusterSecret;
        this.inflight = inflight;
        this.metrics = metrics;
    }

    /** {@code /healthz} with a method other than GET: 405, through the same path as every route. */
    private static final ApiRoutes.Route HEALTH = new ApiRoutes.Route(HttpMethod.GET, request -> {
        throw new IllegalStateException("GET /healthz is answered before routing");
    });

    /** {@code /metrics} with a method other than GET: 405, through the same path as every route. */
    private static final ApiRoutes.Route METRICS = new ApiRoutes.Route(HttpMethod.GET, request -> {
        throw new IllegalStateException("GET /metrics is answered before routing");
    });

    /** {@code /admin} with a method other than GET: 405, through the same path as every route. */
    private static final ApiRoutes.Route ADMIN = new ApiRoutes.Route(HttpMethod.GET, request -> {
        throw new IllegalStateException("GET /admin is answered before routing");
    });

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.BAD_REQUEST,
                    "malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        boolean internal = path.startsWith(INTERNAL_PREFIX);
        if (HealthCheck.PATH.equals(path) && HttpMethod.GET.equals(request.method())) {
            send(ctx, health.response(ctx.alloc()), keepAlive);
            return;
        }
        boolean admin = AdminPage.PATH.equals(path);
        if (admin && HttpMethod.GET.equals(request.method())) {
            // The page holds no figures: it asks for the key and sends it with each read of the figures.
            send(ctx, adminPage.response(ctx.alloc()), keepAlive);
            return;
        }
        if (!HealthCheck.PATH.equals(path) && !admin && !authorized(request, internal ? clusterSecret : apiKeys, internal)) {
            FullHttpResponse response = JsonResponses.error(ctx.alloc(), ReplyCode.UNAUTHORIZED,
                    internal ? "missing or wrong cluster secret" : "missing or wrong API key");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            send(ctx, response, keepAlive);
            return;
        }
        boolean scrape = NodeMetrics.PATH.equals(path);
        if (scrape && HttpMethod.GET.equals(request.method())) {
            // Written here, on the API loop: a scrape only reads counters (a couple of milliseconds of CPU, see
            // NodeMetrics), and is not bounded by --api-inflight: a busy node is when its metrics matter most.
            send(ctx, metrics.response(ctx.alloc(), request.headers().get(HttpHeaderNames.ACCEPT)), keepAlive);
            return;
        }
        ApiRoutes.Route route = HealthCheck.PATH.equals(path) ? HEALTH : scrape ? METRICS : admin ? ADMIN
                : routes.route(path);
        if (route == null) {
            send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.NOT_FOUND, "unknown path"), keepAlive);
            return;
        }
        if (!route.method().equals(request.method())) {
            FullHttpResponse response = JsonResponses.error(ctx.alloc(), ReplyCode.METHOD_NOT_ALLOWED,
                    "method not allowed (expected: " + route.method() + ")");
            response.headers().set(HttpHeaderNames.ALLOW, route.method().name());
            send(ctx, response, keepAlive);
            return;
        }
        boolean counted = !internal;
        if (counted && !inflight.tryTake()) {
            FullHttpResponse busy = JsonResponses.error(ctx.alloc(), ReplyCode.UNAVAILABLE, "busy: "
                    + inflight.max() + " API requests under way, retry after " + RETRY_AFTER_SECONDS + "s");
            busy.headers().setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            send(ctx, busy, keepAlive);
            return;
        }
        serve(ctx, request, uri, route.endpoint(), counted, keepAlive);
    }

    /** Hands a request to its endpoint and sends its answer once there is one; gives its place back then. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, Endpoint endpoint,
                       boolean counted, boolean keepAlive) {
        ApiRequest apiRequest = new ApiRequest(json, uri, ByteBufUtil.getBytes(request.content()), ctx.alloc());
        CompletionStage<ApiResponse> answer;
        try {
            answer = endpoint.handle(apiRequest);
        } catch (WireException e) {
            answered(counted);
            send(ctx, JsonResponses.error(ctx.alloc(), e.code(), e.getMessage()), keepAlive);
            return;
        } catch (RuntimeException e) {
            answered(counted);
            throw e;
        }
        // Back on this channel's loop, whichever thread completed the answer.
        answer.whenCompleteAsync((response, e) -> {
            answered(counted);
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                log.warn("{} {} failed", request.method(), uri.path(), cause);
                send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.INTERNAL_ERROR,
                        "internal error"), keepAlive);
            } else {
                send(ctx, JsonResponses.response(ctx.alloc(), response.code(), response.msg(),
                        response.data()), keepAlive);
            }
        }, ctx.executor());
    }

    private void answered(boolean counted) {
        if (counted) {
            inflight.giveBack();
        }
    }

    /** Checks the bearer credential; none configured lets everyone in, except on internal paths. */
    private static boolean authorized(FullHttpRequest request, BearerKeys expected, boolean internal) {
        if (!expected.any()) {
            return !internal;
        }
        return expected.accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION));
    }

    /** Sends an answer, marked to keep the connection open or not: {@link PipeliningHandler} closes it. */
    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response, ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("API connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
