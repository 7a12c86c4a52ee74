package io.herald.route;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

/**
 * The event loops and socket channel type a node lends its cluster for outgoing connections (relays to other
 * nodes), so that the cluster adds no threads of its own for I/O.
 *
 * @param loops       the node's event loops
 * @param channelType the socket channel class that fits them (epoll or NIO)
 */
public record ClientTransport(EventLoopGroup loops, Class<? extends Channel> channelType) {
}
