package io.herald.gateway.client;

import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.gateway.auth.InvalidTokenException;
import io.herald.gateway.auth.LoginRefusedException;
import io.herald.gateway.command.LoginAction;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.http.JsonResponses;
import io.herald.gateway.session.Session;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The plain HTTP side of the client port: answers a request the HTTP codec could not read (414 for a request line
 * over {@code --max-header-size}, 431 for headers over it, 400 for what is not HTTP) and closes; passes {@code /ws}
 * on to the WebSocket handshake (checking its {@code Origin} against {@code --allowed-origins}, 403, its version,
 * 426 unless 13, and the login it carries, if any: 400, 401 or the auth upstream's refusal before the handshake, see
 * {@link UpgradeLogin}), answers {@code GET /healthz}, and answers anything else 404 (or 405 for a wrong method on a
 * known path).
 * Stateless; one instance serves every channel.
 */
@ChannelHandler.Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    /** The only WebSocket version the node speaks: RFC 6455's. */
    private static final String WEBSOCKET_VERSION = "13";

    private final HealthCheck health;
    private final UpgradeLogin upgradeLogin;
    private final AllowedOrigins origins;
    private final ClientRefusals refusals;
    private final int maxHeaderBytes;

    HttpRequestHandler(HealthCheck health, UpgradeLogin upgradeLogin) {
        this(health, upgradeLogin, new AllowedOrigins(List.of()), new ClientRefusals(),
                ClientLimits.builder().build().maxHeaderSizeBytes());
    }

    /**
     * @param origins        where a browser's upgrade may come from
     * @param refusals       where what this handler refuses is counted
     * @param maxHeaderBytes the limit of the request line and of the headers, for the answers that name it
     */
    HttpRequestHandler(HealthCheck health, UpgradeLogin upgradeLogin, AllowedOrigins origins, ClientRefusals refusals,
                       int maxHeaderBytes) {
        super(false);
        this.health = health;
        this.upgradeLogin = upgradeLogin;
        this.origins = origins;
        this.refusals = refusals;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * Answers a request the HTTP codec could not read and closes the connection: the codec reads nothing more of it.
     * Too long a request line is 414, too large headers 431 (RFC 6585), anything else 400.
     */
    private void unreadable(ChannelHandlerContext ctx, FullHttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        request.release();
        FullHttpResponse response;
        if (cause instanceof TooLongHttpLineException) {
            refusals.refused(ClientRefusals.Kind.URI_TOO_LONG);
            response = JsonResponses.response(ctx.alloc(), HttpResponseStatus.REQUEST_URI_TOO_LONG.code(),
                    "request line too long (at most " + maxHeaderBytes + " bytes)", null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            refusals.refused(ClientRefusals.Kind.HEADERS_TOO_LARGE);
            response = JsonResponses.response(ctx.alloc(),
                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.code(),
                    "request headers too large (at most " + maxHeaderBytes + " bytes)", null);
        } else {
            response = JsonResponses.error(ctx.alloc(), ReplyCode.BAD_REQUEST, "not an HTTP request");
        }
        log.debug("{} sent a request the node cannot read: {}", ctx.channel(), String.valueOf(cause));
        JsonResponses.send(ctx, response, false);
    }

    /**
     * Answers 426 an upgrade in another version than 13, or none (a plain GET), naming the version the node speaks
     * (RFC 6455 section 4.4), and closes the connection. Netty would shake hands with the drafts' versions 7 and 8.
     */
    private static void upgradeRequired(ChannelHandlerContext ctx, FullHttpRequest request) {
        request.release();
        FullHttpResponse response = JsonResponses.response(ctx.alloc(), HttpResponseStatus.UPGRADE_REQUIRED.code(),
                "WebSocket version 13 required", null);
        response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WEBSOCKET_VERSION);
        JsonResponses.send(ctx, response, false);
    }

    /** Answers an upgrade whose login is refused, before its handshake, and closes the connection. */
    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, int code, String msg) {
        request.release();
        JsonResponses.send(ctx, JsonResponses.response(ctx.alloc(), code, msg, null), false);
    }

    /** Goes on with the upgrade whose login was allowed, or refuses it; on the channel's loop. */
    private static void checked(ChannelHandlerContext ctx, FullHttpRequest request, Throwable e) {
        if (!ctx.channel().isActive()) {
            request.release();
        } else if (e != null) {
            LoginRefusedException refused = LoginAction.refusal(e);
            if (refused.code() == HttpResponseStatus.SERVICE_UNAVAILABLE.code()) {
                // The node's token pool is busy: as admission, it says when to come back.
                request.release();
                FullHttpResponse busy = JsonResponses.response(ctx.alloc(), refused.code(), refused.getMessage(),
                        null);
                busy.headers().setInt(HttpHeaderNames.RETRY_AFTER, 1);
                JsonResponses.send(ctx, busy, false);
                return;
            }
            refuse(ctx, request, refused.code(), refused.getMessage());
        } else {
            ctx.fireChannelRead(request);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            unreadable(ctx, request);
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        if (ClientPipeline.WEBSOCKET_PATH.equals(path)) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (!origins.allows(origin)) {
                refusals.refused(ClientRefusals.Kind.ORIGIN);
                refuse(ctx, request, ReplyCode.FORBIDDEN.code(), "origin not allowed: " + origin);
                return;
            }
            if (!WEBSOCKET_VERSION.equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
                upgradeRequired(ctx, request);
                return;
            }
            CompletionStage<?> check;
            try {
                check = upgradeLogin.read(ctx.channel(), request, query, Session.remoteAddress(ctx.channel()));
            } catch (WireException e) {
                refuse(ctx, request, ReplyCode.BAD_REQUEST.code(), e.getMessage());
                return;
            } catch (InvalidTokenException e) {
                refuse(ctx, request, ReplyCode.UNAUTHORIZED.code(), e.getMessage());
                return;
            }
            if (check == null) {
                ctx.fireChannelRead(request);
                return;
            }
            CompletableFuture<?> checked = check.toCompletableFuture();
            if (checked.isDone()) {
                checked.whenComplete((allowed, e) -> checked(ctx, request, e));
            } else {
                // A check that completes off the loop (the auth upstream) hops back to it before the handshake.
                checked.whenCompleteAsync((allowed, e) -> checked(ctx, request, e), ctx.executor());
            }
            return;
        }
        try {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!HealthCheck.PATH.equals(path)) {
                JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.NOT_FOUND, "unknown path"),
                        keepAlive);
            } else if (!HttpMethod.GET.equals(request.method())) {
                JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.METHOD_NOT_ALLOWED,
                        "method not allowed (expected: GET)"), keepAlive);
            } else {
                JsonResponses.send(ctx, health.response(ctx.alloc()), keepAlive);
            }
        } finally {
            request.release();
        }
    }
}
