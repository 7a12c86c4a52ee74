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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The plain HTTP side of the client port: passes {@code /ws} on to the WebSocket handshake (checking its version,
 * 426 unless 13, and the login it carries, if any: 400, 401 or the auth upstream's refusal before the handshake, see
 * {@link UpgradeLogin}), answers {@code GET /healthz}, and answers anything else 404 (or 405 for a wrong method on a
 * known path).
 * Stateless; one instance serves every channel.
 */
@ChannelHandler.Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** The only WebSocket version the node speaks: RFC 6455's. */
    private static final String WEBSOCKET_VERSION = "13";

    private final HealthCheck health;
    private final UpgradeLogin upgradeLogin;

    HttpRequestHandler(HealthCheck health, UpgradeLogin upgradeLogin) {
        super(false);
        this.health = health;
        this.upgradeLogin = upgradeLogin;
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
            refuse(ctx, request, refused.code(), refused.getMessage());
        } else {
            ctx.fireChannelRead(request);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        if (ClientPipeline.WEBSOCKET_PATH.equals(path)) {
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
