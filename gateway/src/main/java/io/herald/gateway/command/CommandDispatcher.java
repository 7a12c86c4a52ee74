package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.gateway.session.Session;
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
    private final RefreshAction refresh;
    private final CustomAction custom;

    public CommandDispatcher(LoginAction login, HeartbeatAction heartbeat, AckAction ack, GroupAction groups,
                             RefreshAction refresh, CustomAction custom) {
        this.login = login;
        this.refresh = refresh;
        this.heartbeat = heartbeat;
        this.ack = ack;
        this.groups = groups;
        this.custom = custom;
    }

    /** The login action, which a login carried by the upgrade request goes through too. */
    public LoginAction login() {
        return login;
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
        } else if (command instanceof ClientCommand.Refresh) {
            refresh.run(session, (ClientCommand.Refresh) command);
        } else {
            custom.run(session, (ClientCommand.Custom) command);
        }
    }
}
