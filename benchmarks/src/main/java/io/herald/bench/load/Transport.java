package io.herald.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The client's socket transport: native epoll where it loads, NIO otherwise.
 *
 * @param name          for the result
 * @param ioHandlers    builds the event loops' I/O handlers
 * @param socketChannel the socket channel class
 */
public record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends Channel> socketChannel) {

    public static Transport detect() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    /** The server socket channel class of the same transport, for the servers the bench runs itself. */
    public Class<? extends ServerChannel> serverSocketChannel() {
        return EpollSocketChannel.class.equals(socketChannel) ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
    }

    /**
     * The event loops a client process runs on a machine of {@code cores}: half of them, at least one. The node
     * under test is usually on the same machine, and one loop drains thousands of sockets; a second loop on a
     * 2-core machine only adds wake-ups and context switches (about a fifth more client CPU per delivery,
     * measured) that take CPU from the node.
     */
    static int loopsFor(int cores) {
        return Math.max(1, cores / 2);
    }

    /** The event loops of a client process on this machine: {@link #loopsFor} its cores. */
    public MultiThreadIoEventLoopGroup newLoops() {
        return new MultiThreadIoEventLoopGroup(loopsFor(Runtime.getRuntime().availableProcessors()), ioHandlers);
    }

    /**
     * Lets a socket bound to a source address take its port at connect time, per destination, rather than at bind
     * time from the address's whole range: with it each source address holds a full range of ports per node.
     */
    void bindAddressNoPort(Bootstrap bootstrap) {
        if (EpollSocketChannel.class.equals(socketChannel)) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }
}
