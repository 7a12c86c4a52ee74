package io.herald.gateway.client;

import io.herald.codec.CloseCode;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of a connection's authentication, on one timer at a time:
 * <ol>
 *   <li>until it logs in, the login timeout: then it is closed with 4002 where the WebSocket handshake is done,
 *       else its socket is closed. The timer stops once a login was read, whose check (the JWKS, the auth upstream)
 *       has a bound of its own;</li>
 *   <li>once logged in with a token that expires, the token's expiry ({@link TokenClaims#validUntil()}): then it is
 *       closed with 4001 (the disconnect event says {@code unauthorized}). A {@code refresh} moves the deadline: one
 *       that moves it later costs nothing here (the timer, when it fires, sees the new deadline and sleeps again
 *       until then); one that moves it earlier replaces the timer.</li>
 * </ol>
 * A connection whose login carries no expiry (development mode, an auth upstream alone) loses the handler at login,
 * so that an idle connection carries no timer of it. What a logged-in connection with a token pays: this handler
 * (two fields) and one scheduled task in its loop's timer queue, the one that was its login timeout; a refresh
 * schedules nothing new unless it shortens the deadline.
 *
 * <p>The timer runs on the channel's event loop, so Netty's clock drives it (and tests can move that clock); the
 * token's expiry is wall-clock time, read from {@code clock} when the timer is set and when it fires. Built per
 * channel.
 */
final class AuthDeadlineHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AuthDeadlineHandler.class);

    private final long loginTimeoutNanos;
    private final Clock clock;
    private ScheduledFuture<?> timer;
    /** When the timer fires, where it is set for a token's expiry; {@code null} while it is the login timeout. */
    private Instant timerAt;

    AuthDeadlineHandler(Duration loginTimeout, Clock clock) {
        this.loginTimeoutNanos = loginTimeout.toNanos();
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> loginExpired(ctx), loginTimeoutNanos, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    private void loginExpired(ChannelHandlerContext ctx) {
        timer = null;
        Session session = Session.of(ctx.channel());
        if (session.loggedIn()) {
            follow(ctx, session);
        } else if (ctx.channel().isActive()) {
            session.close(CloseCode.LOGIN_TIMEOUT);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SessionEvent.LOGIN_READ) {
            cancel();
        } else if (evt == SessionEvent.LOGGED_IN || evt == SessionEvent.REFRESHED) {
            follow(ctx, Session.of(ctx.channel()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Sets the timer for the expiry of the session's token, or leaves where it has none. */
    private void follow(ChannelHandlerContext ctx, Session session) {
        Instant until = session.claims() == null ? null : session.claims().validUntil();
        if (until == null) {
            cancel();
            ctx.pipeline().remove(this);
            return;
        }
        if (timer != null && timerAt != null && !until.isBefore(timerAt)) {
            return; // The timer fires first, and looks again.
        }
        cancel();
        schedule(ctx, until);
    }

    private void schedule(ChannelHandlerContext ctx, Instant until) {
        timerAt = until;
        long millis = Math.max(0, until.toEpochMilli() - clock.millis());
        timer = ctx.executor().schedule(() -> tokenExpired(ctx), millis, TimeUnit.MILLISECONDS);
    }

    private void tokenExpired(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        Session session = Session.of(ctx.channel());
        Instant until = session.claims().validUntil();
        if (until != null && until.toEpochMilli() > clock.millis()) {
            schedule(ctx, until); // Refreshed meanwhile.
            return;
        }
        log.debug("{} closed: its token expired at {}", session, until);
        session.close(CloseCode.UNAUTHORIZED);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }
}
