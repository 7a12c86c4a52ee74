package io.herald.bench.load;

import io.herald.bench.measure.FailoverLedger;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The clients of a failover run, one user each ({@link FailoverClient}): opens them, client {@code i} first to
 * node {@code i} modulo the nodes, and reports the first login (or failure) of each, and each drop, to the run's
 * {@link ConnectionListener}; after that they reconnect on their own until {@link #stop}. Their pushes go to the
 * run's {@link FailoverLedger}, their counts to {@link #stats()}. {@link #open} and {@link #stop} run on the run's
 * thread; the clients on the event loops, each on one of its own.
 */
public final class FailoverClients implements ConnectionOpener {

    /** First connections under way at once, as for the other scenarios. */
    static final int MAX_PENDING = 1000;
    /** How long a first connection may take to log in. */
    static final Duration FIRST_ATTEMPT_TIMEOUT = Connections.READY_TIMEOUT;
    /** How long a reconnect attempt may take to log in before the client tries the next node. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_UPGRADE_RESPONSE = 8192;

    private final EventLoopGroup loops;
    private final Bootstrap bootstrap;
    private final List<InetSocketAddress> remotes;
    private final List<URI> ws;
    private final List<InetAddress> sources;
    private final RunContext run;
    private final Tokens tokens;
    private final FailoverLedger ledger;
    private final FailoverStats stats = new FailoverStats();
    private final FailoverClient[] clients;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final long startNanos = System.nanoTime();
    private volatile ConnectionListener listener;

    /**
     * @param ws          the nodes' client addresses, at least two
     * @param sources     the local addresses to bind, in turn; empty for the system's choice
     * @param connections how many clients the run opens
     */
    public FailoverClients(EventLoopGroup loops, Transport transport, List<URI> ws, List<InetAddress> sources,
                           RunContext run, Tokens tokens, FailoverLedger ledger, int connections) {
        if (ws.size() < 2) {
            throw new IllegalArgumentException("ws: " + ws + " (expected: at least two nodes to fail over between)");
        }
        this.loops = loops;
        this.ws = List.copyOf(ws);
        this.remotes = ws.stream().map(u -> new InetSocketAddress(u.getHost(), u.getPort() == -1 ? 80 : u.getPort()))
                .toList();
        this.sources = sources;
        this.run = run;
        this.tokens = tokens;
        this.ledger = ledger;
        this.clients = new FailoverClient[connections];
        this.bootstrap = new Bootstrap().channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) ATTEMPT_TIMEOUT.toMillis());
        if (!sources.isEmpty()) {
            transport.bindAddressNoPort(bootstrap);
        }
    }

    @Override
    public void open(int from, int to, int perSecond, ConnectionListener listener) throws InterruptedException {
        this.listener = new SettlingListener(listener, pending);
        Pacer pacer = new Pacer(perSecond);
        for (int i = from; i < to; i++) {
            pacer.awaitNext();
            pending.acquire();
            String uid = run.ids().uid(i);
            FailoverClient client = new FailoverClient(i, uid, tokens.tokenFor(uid), loops.next(), this);
            clients[i] = client;
            int node = i % remotes.size();
            client.loop().execute(() -> client.start(node));
        }
    }

    /** Closes every client's connection; none reconnects after. */
    public void stop() {
        for (FailoverClient client : clients) {
            if (client != null) {
                client.loop().execute(client::stop);
            }
        }
    }

    /** What happened to client {@code index}'s connections after its first login, in order; empty for none. */
    public List<String> account(int index) {
        FailoverClient client = index >= 0 && index < clients.length ? clients[index] : null;
        return client == null ? List.of() : client.account();
    }

    /** The user of client {@code index}. */
    public String uid(int index) {
        return run.ids().uid(index);
    }

    public FailoverStats stats() {
        return stats;
    }

    /**
     * Opens a connection of {@code client} to node {@code node} that must be logged in within {@code timeout};
     * returns its handler. Call on the client's loop: the connection is registered with it.
     */
    FailoverClientHandler connect(FailoverClient client, int node, int index, Duration timeout) {
        FailoverClientHandler handler = new FailoverClientHandler(client, System.nanoTime() + timeout.toNanos(),
                run.json());
        WebSocketClientProtocolConfig webSocket = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(ws.get(node))
                .handshakeTimeoutMillis(timeout.toMillis())
                .handleCloseFrames(false) // the handler reads the close code
                .maxFramePayloadLength(SocketOpener.MAX_FRAME)
                .withUTF8Validator(false)
                .build();
        Bootstrap b = bootstrap.clone(client.loop()).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_UPGRADE_RESPONSE),
                        new WebSocketClientProtocolHandler(webSocket), handler);
            }
        });
        InetAddress source = SocketOpener.source(sources, remotes.size(), index);
        ChannelFuture connect = source == null ? b.connect(remotes.get(node))
                : b.connect(remotes.get(node), new InetSocketAddress(source, 0));
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                handler.connectFailed(done.cause());
            }
        });
        return handler;
    }

    /** The node a client that dropped from node {@code from} tries on its attempt {@code turn}: {@link #otherNode}. */
    int nextNode(int from, int turn) {
        return otherNode(remotes.size(), from, turn);
    }

    /**
     * The node among {@code nodes} that a client that dropped from node {@code from} tries on its attempt
     * {@code turn}: the other nodes in turn, so that clients starting from different turns spread over them.
     */
    static int otherNode(int nodes, int from, int turn) {
        int k = Math.floorMod(turn, nodes - 1);
        return k < from ? k : k + 1;
    }

    /** Seconds from when the clients were made, which the run's account of them counts from. */
    public double secondsSinceStart(long nanoTime) {
        return (nanoTime - startNanos) / 1e9;
    }

    ConnectionListener listener() {
        return listener;
    }

    FailoverLedger ledger() {
        return ledger;
    }

    RunContext run() {
        return run;
    }
}
