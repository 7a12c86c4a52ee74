package io.herald.gateway.client;

import io.herald.codec.ReplyCode;
import io.herald.gateway.http.JsonResponses;
import io.herald.gateway.session.SessionEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;

/**
 * Lets a connection in only where the node can serve it, before it has cost a handshake:
 * <ul>
 *   <li>{@code --max-connections}: a connection over the limit has its first request answered 503 and is closed;
 *   </li>
 *   <li>{@code --ip-connect-rate}: a connection from an address that opened more than its rate allows (beyond its
 *       burst) has its first request answered 429 with {@code Retry-After} (the seconds until its address may
 *       connect again) and is closed. It takes no place among the connections;</li>
 *   <li>{@code --max-pending-logins}: an upgrade request while that many upgrades are under way (from their
 *       request to their login reply) is answered 503 with {@code Retry-After} and closed. A node that a
 *       reconnect storm meets takes in what it can log in well within the login timeout and tells the rest when
 *       to come back, rather than accept them all and time out (4002) those it could not reach in time.</li>
 * </ul>
 * The place an upgrade holds is given back with its login reply ({@link SessionEvent#LOGGED_IN}) or its close;
 * without a connection limit the handler then leaves the pipeline. Built per channel, because it remembers
 * what its channel holds.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {

    /** Seconds a client turned away for being one upgrade too many is told to wait. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final ConnectionSlots connections;
    private final ConnectionSlots logins;
    private final AddressRates rates;
    private final ClientRefusals refusals;
    /**
     * Whether an address past its rate is closed at once, without an answer: on a TLS port, where the 429 could only
     * follow a TLS handshake, the very cost the rate is there to spare.
     */
    private final boolean closeOverRate;
    /** Seconds the connection's address must wait before it connects again; 0 where it was let in. */
    private long tooSoonSeconds;
    private boolean holdsConnection;
    private boolean refused;
    private boolean holdsLogin;
    private boolean turnedAway;

    /**
     * @param connections the node's connection limit
     * @param logins      the node's limit on upgrades under way
     */
    AdmissionHandler(ConnectionSlots connections, ConnectionSlots logins) {
        this(connections, logins, AddressRates.NONE, new ClientRefusals(), false);
    }

    /**
     * @param connections the node's connection limit
     * @param logins      the node's limit on upgrades under way
     * @param rates       the node's limit on new connections per address
     * @param refusals    where the connections turned away (for their address, or past a limit) are counted
     * @param closeOverRate whether a connection past its address's rate is closed at once instead of answered 429
     *                    (a TLS port)
     */
    AdmissionHandler(ConnectionSlots connections, ConnectionSlots logins, AddressRates rates,
                     ClientRefusals refusals, boolean closeOverRate) {
        this.connections = connections;
        this.logins = logins;
        this.rates = rates;
        this.refusals = refusals;
        this.closeOverRate = closeOverRate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (rates.limited() && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            long waitNanos = rates.tryConnect(remote.getAddress(), ctx.executor().ticker().nanoTime());
            if (waitNanos > 0) {
                tooSoonSeconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                refusals.refused(ClientRefusals.Kind.IP_CONNECT_RATE);
                if (closeOverRate) {
                    turnedAway = true;
                    ctx.channel().close();
                    return;
                }
                ctx.fireChannelActive();
                return;
            }
        }
        if (connections.limited()) {
            holdsConnection = connections.tryTake();
            refused = !holdsConnection;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (turnedAway) {
            ReferenceCountUtil.release(msg); // the rest of a request answered already, on a connection closing
            return;
        }
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (tooSoonSeconds > 0) {
            FullHttpResponse tooSoon = JsonResponses.error(ctx.alloc(), ReplyCode.TOO_MANY_REQUESTS,
                    "too many connections from your address, retry after " + tooSoonSeconds + "s");
            tooSoon.headers().set(HttpHeaderNames.RETRY_AFTER, tooSoonSeconds);
            turnAway(ctx, msg, tooSoon);
            return;
        }
        if (refused) {
            refusals.refused(ClientRefusals.Kind.MAX_CONNECTIONS);
            turnAway(ctx, msg, JsonResponses.error(ctx.alloc(), ReplyCode.UNAVAILABLE, "too many connections"));
            return;
        }
        if (!holdsLogin && logins.limited() && isUpgrade((HttpRequest) msg)) {
            if (!logins.tryTake()) {
                refusals.refused(ClientRefusals.Kind.PENDING_LOGINS);
                FullHttpResponse busy = JsonResponses.error(ctx.alloc(), ReplyCode.UNAVAILABLE,
                        "busy: too many logins under way, retry after " + RETRY_AFTER_SECONDS + "s");
                busy.headers().setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
                turnAway(ctx, msg, busy);
                return;
            }
            holdsLogin = true;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isUpgrade(HttpRequest request) {
        return ClientPipeline.WEBSOCKET_PATH.equals(new QueryStringDecoder(request.uri()).path());
    }

    private void turnAway(ChannelHandlerContext ctx, Object request, FullHttpResponse response) {
        turnedAway = true;
        ReferenceCountUtil.release(request);
        JsonResponses.send(ctx, response, false);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SessionEvent.LOGGED_IN) {
            giveBackLogin();
            if (!holdsConnection) {
                ctx.pipeline().remove(this);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        giveBackLogin();
        if (holdsConnection) {
            holdsConnection = false;
            connections.giveBack();
        }
        ctx.fireChannelInactive();
    }

    private void giveBackLogin() {
        if (holdsLogin) {
            holdsLogin = false;
            logins.giveBack();
        }
    }

    /** Whether the channel holds a place among the upgrades under way; for tests. */
    boolean holdsLogin() {
        return holdsLogin;
    }
}
