package io.herald.gateway;

import io.herald.gateway.api.ApiInflight;
import io.herald.gateway.client.ClientRefusals;
import io.herald.gateway.metrics.NodeMetrics;
import io.herald.gateway.tls.NodeTls;
import io.herald.gateway.upstream.UpstreamFailures;
import io.herald.route.ClientTransport;
import io.herald.route.Cluster;
import io.herald.route.InMemoryCluster;
import io.herald.route.cluster.SharedCluster;
import io.herald.route.http.HttpClient;
import io.herald.route.redis.RedisStores;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One Herald node: the client port, the API port, the session index and the cluster it belongs to. It owns
 * its event loops and, through {@link NodeAssembly} (its composition root), every collaborator. {@link #start()}
 * and {@link #close()} are called from the thread that runs the node (never an event loop).
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /** How long {@link #close()} lets clients receive their 1001 before the loops stop. */
    private static final long CLOSE_GRACE_MILLIS = 2000;

    private final GatewayConfig config;
    private final Cluster.Factory clusterFactory;
    private final NodeTls tls;
    private final Transport transport = Transport.detect();
    private final EventLoopGroup workers;
    private final EventLoopGroup apiWorkers;
    private final ChannelGroup serverChannels = new DefaultChannelGroup("herald-servers", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup clientChannels = new DefaultChannelGroup("herald-clients", GlobalEventExecutor.INSTANCE);
    private final Drain drain = new Drain();
    private NodeAssembly assembly;
    private Channel clientAcceptor;
    private InetSocketAddress clientAddress;
    private InetSocketAddress apiAddress;

    /**
     * Reads the ports' certificates first, so that a node whose files are not right refuses to start before it
     * builds anything.
     *
     * @param clusterFactory builds the cluster this node joins, once the node can deliver; see
     *                       {@link #create(GatewayConfig)} for the one the config names
     * @throws io.herald.codec.InvalidConfigException naming the setting and the file where a certificate or key
     *                                                file is not what it should be
     */
    public GatewayServer(GatewayConfig config, Cluster.Factory clusterFactory) {
        this.config = config;
        this.clusterFactory = clusterFactory;
        this.tls = NodeTls.load(config.tls());
        // One client loop per core, not Netty's two: a loop is busy, not blocked, and more loops than cores only
        // add context switches and split each broadcast into more hand-offs. Each port accepts on a loop of its
        // own group rather than on a thread of its own: one thread fewer to schedule, and a connection accepted
        // on the loop it is assigned to needs no hand-off.
        int cores = Runtime.getRuntime().availableProcessors();
        this.workers = transport.newGroup(cores);
        // The API has loops of its own, never a client's: a push handed to a client's loop from another thread
        // is queued behind the pushes handed to it before, whereas one written from the client's own loop would
        // go out at once, overtaking them. A backend that awaits one push's answer before sending the next
        // must see the client receive them in that order.
        // Half as many: parsing a push costs far less than the writes it fans out to.
        this.apiWorkers = transport.newGroup(Math.max(1, cores / 2));
    }

    /**
     * The node the config describes: alone, or in the cluster of its Redis, relaying to the {@code https://} API
     * ports of the others with the trust the config names ({@link NodeTls#relayTrust}).
     *
     * @throws io.herald.codec.InvalidConfigException where a certificate, key or trust file is not what it should be
     */
    public static GatewayServer create(GatewayConfig config) {
        return new GatewayServer(config, config.cluster().clustered()
                ? SharedCluster.factory(config.cluster(), nodeId -> RedisStores.connect(config.cluster(), nodeId),
                        NodeTls.relayTrust(config.tls()))
                : InMemoryCluster.factory(config.cluster()));
    }

    /** Warms the JVM up where the config asks for it ({@link Warmup}), then binds both ports; returns once they listen. */
    public GatewayServer start() throws InterruptedException {
        Warmup.run(config, transport);
        assembly = new NodeAssembly(config, clusterFactory, this::advertisedAddress,
                new ClientTransport(apiWorkers, transport.socketChannel()), PooledByteBufAllocator.DEFAULT,
                drain::draining, this::drain, tls);

        Channel clientChannel = bootstrap(workers)
                .handler(new ChannelTracker(clientChannels))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.sendBufferBytes() / 2, config.sendBufferBytes()))
                .childHandler(assembly.clients)
                .bind(config.host(), config.port()).sync().channel();
        serverChannels.add(clientChannel);
        Channel apiChannel = bootstrap(apiWorkers)
                .childHandler(assembly.api)
                .bind(config.apiHost(), config.apiPort()).sync().channel();
        serverChannels.add(apiChannel);
        clientAddress = (InetSocketAddress) clientChannel.localAddress();
        apiAddress = (InetSocketAddress) apiChannel.localAddress();
        clientAcceptor = clientChannel;
        assembly.cluster.start();
        apiWorkers.next().scheduleWithFixedDelay(assembly::housekeeping, 1, 1, TimeUnit.SECONDS);
        assembly.outbound.start(apiWorkers.next());
        tls.start();
        log.info("Herald node {} serving clients on {}://{} and the API on {}://{} ({} transport)", config.nodeId(),
                tls.client().isPresent() ? "wss" : "ws", address(clientAddress),
                tls.api().isPresent() ? "https" : "http", address(apiAddress), transport.name());
        return this;
    }

    private ServerBootstrap bootstrap(EventLoopGroup group) {
        return new ServerBootstrap()
                .group(group, group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    /**
     * Where other nodes reach the API port: {@code host:port}, or {@code https://host:port} where it serves TLS
     * (PROTOCOL.md, "Cluster relays over TLS").
     */
    private String advertisedAddress() {
        String hostPort = config.advertise().orElseGet(() -> apiAddress == null
                ? config.apiHost() + ":" + config.apiPort() : apiAddress.getHostString() + ":" + apiAddress.getPort());
        return tls.api().isPresent() ? HttpClient.TLS_PREFIX + hostPort : hostPort;
    }

    /** {@code host:port} as in a URL, for the log. */
    private static String address(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * Reloads the ports' certificates from their files now, off the calling thread (see {@link NodeTls#reload()});
     * returns at once. For SIGHUP; the files are also looked at every second without it.
     */
    public void reloadTls() {
        tls.reload();
    }

    /** Where clients connect; known once started. */
    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** Where backends call the API; known once started. */
    public InetSocketAddress apiAddress() {
        return apiAddress;
    }

    public GatewayConfig config() {
        return config;
    }

    /** How many logged-in connections the node holds. */
    public int connectionCount() {
        return assembly == null ? 0 : assembly.sessions.size();
    }

    /** The bytes queued for the node's clients that did not take them, as its loops last counted; once started. */
    public long outboundHeldBytes() {
        return assembly.outbound.heldBytes();
    }

    /** What went wrong with upstream calls since the node started, by kind, for its metrics; once started. */
    public UpstreamFailures upstreamFailures() {
        return assembly.upstreamFailures;
    }

    /** What the client port refused since the node started, by kind, for its metrics; once started. */
    public ClientRefusals clientRefusals() {
        return assembly.clientRefusals;
    }

    /** The API requests under way and those refused past {@code --api-inflight}, for its metrics; once started. */
    public ApiInflight apiInflight() {
        return assembly.apiInflight;
    }

    /** The node's metrics, its own registry ({@code GET /metrics}); once started. */
    public NodeMetrics metrics() {
        return assembly.metrics;
    }

    /**
     * Starts draining the node (see {@link Drain}): no new clients, {@code /healthz} says {@code draining}, the
     * clients are closed with 1001 over the drain period while the API keeps answering. Returns at once; a second
     * call changes nothing. {@link #drained()} completes once every client is gone.
     */
    public void drain() {
        if (clientAcceptor != null) {
            drain.start(config.nodeId(), clientAcceptor, clientChannels, config.drainPeriod(), apiWorkers.next());
        }
    }

    /** Completes once the node drained: it was told to, and every client is gone. */
    public CompletionStage<Void> drained() {
        return drain.drained();
    }

    /**
     * Stops accepting, tells every client to reconnect elsewhere (1001), logged in or not, leaves the cluster
     * and stops the event loops. Waits on the calling thread, which must not be an event loop.
     */
    @Override
    public void close() {
        serverChannels.close().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
        // On each channel's loop, where the session knows whether its handshake is done: a WebSocket gets its
        // 1001, a connection still speaking HTTP is just closed.
        clientChannels.forEach(Drain::goAway);
        clientChannels.newCloseFuture().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
        // A channel's close future completes before its channelInactive, which hands the removal of its route
        // to the cluster, has run on its loop: the client loops finish their tasks before the cluster closes.
        workers.shutdownGracefully(0, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        if (assembly != null) {
            // The disconnects just reported (1001, going_away) leave before the node does, within the grace.
            assembly.drainEvents(CLOSE_GRACE_MILLIS);
            assembly.cluster.close();
            assembly.close();
        }
        apiWorkers.shutdownGracefully(0, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        apiWorkers.terminationFuture().awaitUninterruptibly();
        tls.close();
        log.info("Herald node {} stopped", config.nodeId());
    }

    /**
     * Sits on the client port's server channel and adds every accepted connection to a group, so that
     * {@link #close()} reaches those that have not logged in too. The group drops a channel when it closes.
     */
    @ChannelHandler.Sharable
    private static final class ChannelTracker extends ChannelInboundHandlerAdapter {
        private final ChannelGroup channels;

        ChannelTracker(ChannelGroup channels) {
            this.channels = channels;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel) {
                channels.add((Channel) msg);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
