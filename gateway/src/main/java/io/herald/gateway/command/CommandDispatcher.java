package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.ServerFrames;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.route.Router;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Hands each decoded command to its action. No logic of its own. Stateless; one instance serves every
 * channel, on each channel's event loop.
 */
@ChannelHandler.Sharable
public final class CommandDispatcher extends SimpleChannelInboundHandler<ClientCommand> {

    private final LoginAction login;
    private final HeartbeatAction heartbeat;
    private final AckAction ack;
    private final GroupAction groups;
    private final UnknownCommandAction unknown;

    /**
     * @param heartbeatSeconds the interval the login reply tells clients to send heartbeats at
     */
    public CommandDispatcher(TokenVerifier verifier, SessionLifecycle lifecycle, Router router, ServerFrames frames,
                             String nodeId, long heartbeatSeconds) {
        Replies replies = new Replies(frames);
        this.login = new LoginAction(verifier, lifecycle, replies, nodeId, heartbeatSeconds);
        this.heartbeat = new HeartbeatAction(replies);
        this.ack = new AckAction();
        this.groups = new GroupAction(router, replies);
        this.unknown = new UnknownCommandAction(replies);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientCommand command) {
        Session session = Session.of(ctx.channel());
        if (command instanceof ClientCommand.Login) {
            login.run(session, (ClientCommand.Login) command);
        } else if (command instanceof ClientCommand.Heartbeat) {
            heartbeat.run(session, (ClientCommand.Heartbeat) command);
        } else if (command instanceof ClientCommand.Ack) {
            ack.run(session, (ClientCommand.Ack) command);
        } else if (command instanceof ClientCommand.Join) {
            groups.join(session, (ClientCommand.Join) command);
        } else if (command instanceof ClientCommand.Leave) {
            groups.leave(session, (ClientCommand.Leave) command);
        } else {
            unknown.run(session, (ClientCommand.Custom) command);
        }
    }
}
