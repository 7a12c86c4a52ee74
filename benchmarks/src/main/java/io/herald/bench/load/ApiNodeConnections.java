package io.herald.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's API as a failover run pushes through it: keep-alive HTTP connections, one request in flight each,
 * handed pushes in turn; each is opened again every {@value #RECONNECT_MILLIS} ms after it closes (its node killed,
 * or restarting) until the node answers, or until {@link #close}. Pushes are handed over from any thread; the
 * connections run on the loops.
 */
final class ApiNodeConnections {

    static final long RECONNECT_MILLIS = 250;

    private static final int MAX_ANSWER = 1 << 20;
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    static final String PATH = "/api/push";

    private final int position;
    private final URI api;
    private final EventLoopGroup loops;
    private final Transport transport;
    private final String authorization;
    private final AnswerListener listener;
    private final List<Slot> slots = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param position      the node's place in the run's lists of addresses
     * @param authorization the {@code Authorization} header, or null
     * @param listener      hears each push's answer, or that it got none
     */
    ApiNodeConnections(int position, URI api, EventLoopGroup loops, Transport transport, String authorization,
                       AnswerListener listener) {
        this.position = position;
        this.api = api;
        this.loops = loops;
        this.transport = transport;
        this.authorization = authorization;
        this.listener = listener;
    }

    int position() {
        return position;
    }

    /** Opens {@code count} connections; returns once all are open. Call once, before any push. */
    void connect(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Slot slot = new Slot();
            ApiConnectionHandler handler = slot.newHandler();
            ChannelFuture connect = slot.connect(handler).await();
            if (!connect.isSuccess()) {
                throw new LoadException("cannot reach the API at " + api + ": " + connect.cause(), connect.cause());
            }
            slot.opened(connect.channel(), handler);
            slots.add(slot);
        }
    }

    /**
     * Hands {@code push} to the next of its connections in turn that is open; false where none is, or the loops
     * are shutting down (the caller keeps the push).
     */
    boolean send(PushRequest push) {
        int from = next.get();
        for (int k = 0; k < slots.size(); k++) {
            Slot slot = slots.get((from + k) % slots.size());
            Slot.Open open = slot.current;
            if (open != null && open.channel().isActive()) {
                next.set((from + k + 1) % slots.size());
                try {
                    open.channel().eventLoop().execute(() -> open.handler().send(push));
                    return true;
                } catch (RejectedExecutionException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Opens no connection again; the loops' shutdown closes those open. */
    void close() {
        closed = true;
    }

    private int port() {
        return api.getPort() == -1 ? 80 : api.getPort();
    }

    /** One keep-alive connection, opened again after it closes. */
    private final class Slot {
        volatile Open current;

        /** A channel and its handler, which are replaced together. */
        record Open(Channel channel, ApiConnectionHandler handler) {
        }

        ApiConnectionHandler newHandler() {
            return new ApiConnectionHandler(api.getHost() + ":" + port(), authorization, null, listener);
        }

        ChannelFuture connect(ApiConnectionHandler handler) {
            return new Bootstrap().group(loops).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER),
                                    handler);
                        }
                    })
                    .connect(api.getHost(), port());
        }

        void opened(Channel ch, ApiConnectionHandler handler) {
            current = new Open(ch, handler);
            ch.closeFuture().addListener(f -> reopenLater());
        }

        private void reopenLater() {
            if (closed) {
                return;
            }
            try {
                loops.next().schedule(this::reopen, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The loops are shutting down: the run is over.
            }
        }

        private void reopen() {
            if (closed) {
                return;
            }
            ApiConnectionHandler handler = newHandler();
            connect(handler).addListener((ChannelFuture done) -> {
                if (done.isSuccess()) {
                    opened(done.channel(), handler);
                } else {
                    reopenLater();
                }
            });
        }
    }
}
