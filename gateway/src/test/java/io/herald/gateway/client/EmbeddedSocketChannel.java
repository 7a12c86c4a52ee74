package io.herald.gateway.client;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DefaultSocketChannelConfig;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * An {@link EmbeddedChannel} that is also a {@link SocketChannel}, so that {@link ClientChannelInitializer}, a
 * {@code ChannelInitializer<SocketChannel>}, can build its whole pipeline on it. Its socket options live on an
 * unconnected {@link Socket} that is closed with the channel. Its clock is frozen before the initializer runs.
 */
final class EmbeddedSocketChannel extends EmbeddedChannel implements SocketChannel {

    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
    private static final InetSocketAddress REMOTE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50123);

    private Socket socket;
    private SocketChannelConfig config;

    EmbeddedSocketChannel(ChannelHandler initializer) {
        super(EmbeddedChannel.builder().handlers(FrozenClock.freezer(), initializer));
    }

    @Override
    public synchronized SocketChannelConfig config() {
        // Lazy: the super constructor may ask before this class's fields are assigned.
        if (config == null) {
            socket = new Socket();
            config = new DefaultSocketChannelConfig(this, socket);
        }
        return config;
    }

    @Override
    protected void doClose() throws Exception {
        super.doClose();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public ServerSocketChannel parent() {
        return null;
    }

    @Override
    public InetSocketAddress localAddress() {
        return LOCAL;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return REMOTE;
    }

    @Override
    public boolean isInputShutdown() {
        return !isActive();
    }

    @Override
    public ChannelFuture shutdownInput() {
        return close();
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        return close(promise);
    }

    @Override
    public boolean isOutputShutdown() {
        return !isActive();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return close();
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        return close(promise);
    }

    @Override
    public boolean isShutdown() {
        return !isActive();
    }

    @Override
    public ChannelFuture shutdown() {
        return close();
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        return close(promise);
    }
}
