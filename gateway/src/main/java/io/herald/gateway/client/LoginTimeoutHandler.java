package io.herald.gateway.client;

import io.herald.codec.CloseCode;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not logged in within the login timeout: with close code 4002 where the
 * WebSocket handshake is done, else by closing the socket. The timer runs on the channel's event loop, so
 * Netty's clock drives it (and tests can move that clock). When it fires on a logged-in connection the handler
 * leaves the pipeline, so that an idle connection does not carry it; it leaves too once a login was read, whose
 * check (the auth upstream) has its own bound. Built per channel.
 */
final class LoginTimeoutHandler extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private ScheduledFuture<?> timer;

    LoginTimeoutHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        Session session = Session.of(ctx.channel());
        if (session.loggedIn()) {
            ctx.pipeline().remove(this);
        } else if (ctx.channel().isActive()) {
            session.close(CloseCode.LOGIN_TIMEOUT);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SessionEvent.LOGGED_IN || evt == SessionEvent.LOGIN_READ) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
