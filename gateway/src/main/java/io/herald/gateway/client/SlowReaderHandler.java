package io.herald.gateway.client;

import io.herald.codec.CloseCode;
import io.herald.gateway.session.Session;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Closes with 4009 a client that reads too slowly for its send buffer: the channel turns unwritable when the
 * bytes queued for it pass the high water mark ({@code --send-buffer}), and the node does not let them grow
 * further. Stateless; one instance serves every channel.
 */
@ChannelHandler.Sharable
final class SlowReaderHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
            // The close frame waits behind what the client did not read, and a client that does not read will not
            // answer it: the socket closes at once rather than after the close linger of the node's other closes.
            Session.of(ctx.channel()).close(CloseCode.TOO_SLOW);
            ctx.channel().eventLoop().execute(ctx.channel()::close);
        }
        ctx.fireChannelWritabilityChanged();
    }
}
