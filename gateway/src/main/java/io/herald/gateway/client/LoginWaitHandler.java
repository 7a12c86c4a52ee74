package io.herald.gateway.client;

import io.herald.codec.ClientCommand;
import io.herald.gateway.session.SessionEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayDeque;

/**
 * Holds the commands that come while the connection's login is being checked, so that a client may write its login
 * and its first commands in one go: a check that completes off the loop (a PS* or ES* token on the node's token
 * pool, a JWKS fetch, the auth upstream) would otherwise leave them to find the connection not logged in yet.
 *
 * <ul>
 *   <li>From the login's read ({@link SessionEvent#LOGIN_READ}, the {@code login} command or the one on the upgrade
 *       request) every command but another {@code login} is held here, in arrival order; that {@code login} passes
 *       on and is answered 409 at once.</li>
 *   <li>Once the login reply went out ({@link SessionEvent#LOGIN_DONE}) the held commands go on to the dispatcher
 *       in order, so that their replies follow the login's, and the handler leaves the pipeline: a logged-in
 *       connection pays nothing for it.</li>
 *   <li>A refused login ({@link SessionEvent#LOGIN_REFUSED}) drops them: the connection is being closed (4001).</li>
 *   <li>At {@value #MAX_HELD} held commands the socket is no longer read (auto-read off) until the login is done:
 *       the bytes of the read under way still give their commands, and they are held too, so the memory held is
 *       bounded by one read's worth. The check itself is bounded (the token pool's queue, the JWKS and upstream
 *       timeouts), so a paused connection is read again soon.</li>
 * </ul>
 * Commands are counted against {@code --command-rate} as they are decoded, before this handler: a held command
 * counts when it comes, not when it runs. Built per channel; on its event loop.
 */
final class LoginWaitHandler extends ChannelInboundHandlerAdapter {

    /** How many commands are held before the socket is no longer read. */
    static final int MAX_HELD = 64;

    private final ArrayDeque<ClientCommand> held = new ArrayDeque<>();
    private boolean checking;
    private boolean paused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!checking || !(msg instanceof ClientCommand command) || command instanceof ClientCommand.Login) {
            ctx.fireChannelRead(msg);
            return;
        }
        held.add(command);
        if (held.size() >= MAX_HELD && !paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SessionEvent.LOGIN_READ) {
            checking = true;
        }
        ctx.fireUserEventTriggered(evt);
        if (evt == SessionEvent.LOGIN_DONE) {
            done(ctx, true);
        } else if (evt == SessionEvent.LOGIN_REFUSED) {
            done(ctx, false);
        }
    }

    /** Lets the held commands go on, or drops them, reads the socket again, and leaves the pipeline. */
    private void done(ChannelHandlerContext ctx, boolean loggedIn) {
        checking = false;
        while (loggedIn && !held.isEmpty() && ctx.channel().isActive()) {
            ctx.fireChannelRead(held.poll());
        }
        held.clear();
        ctx.pipeline().remove(this);
        if (paused) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        held.clear();
        ctx.fireChannelInactive();
    }
}
