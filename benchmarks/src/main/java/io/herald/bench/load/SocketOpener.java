package io.herald.bench.load;

import io.herald.codec.Json;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Opens client connections as sockets of this process: connection {@code i} goes to the i-th client address in
 * turn and binds its source address where the run has some, logs in as user {@code i}, and joins the group where
 * there is one; against nchan it subscribes to its channel instead ({@link NchanChannels}), and is ready once the
 * upgrade is done. At most {@value #MAX_PENDING} are under way at once. {@link #open} runs on the caller's thread;
 * the connections report from their loops.
 */
public final class SocketOpener implements ConnectionOpener {

    /** Connections under way at once: more would only queue in the node's accept backlog and time out. */
    static final int MAX_PENDING = 1000;

    private static final int MAX_UPGRADE_RESPONSE = 8192;
    /** The largest frame payload the client takes. */
    static final int MAX_FRAME = 16 << 20;

    private final Bootstrap bootstrap;
    private final List<WebSocketClientProtocolConfig> webSockets;
    private final List<URI> ws;
    private final List<InetSocketAddress> remotes;
    private final List<InetAddress> sources;
    private final Optional<String> group;
    private final Optional<NchanChannels> nchan;
    private final RunIds ids;
    private final byte[] pushPrefix;
    private final Json json;
    private final Tokens tokens;
    private final Login login;
    private final CommandSender commands;
    private final Semaphore pending = new Semaphore(MAX_PENDING);

    /**
     * @param ws      the nodes' client addresses; connection {@code i} opens to {@code ws[i % ws.size()]} (against
     *                nchan, the subscriber location its channel is appended to)
     * @param sources the local addresses to bind, in turn among the connections to one node; empty for the
     *                system's choice
     * @param nchan   against nchan, the channels the connections subscribe to; empty against Herald
     * @param login    how the connections log in to Herald
     * @param commands where the connections send commands from once ready, each joining its room's group instead of
     *                 {@code group} (the upstream scenario); null where they send none
     */
    public SocketOpener(EventLoopGroup loops, Transport transport, List<URI> ws, List<InetAddress> sources,
                        Optional<String> group, Optional<NchanChannels> nchan, RunIds ids, Json json, Tokens tokens,
                        Login login, CommandSender commands) {
        this.ws = List.copyOf(ws);
        this.remotes = ws.stream().map(u -> new InetSocketAddress(u.getHost(), BenchTls.port(u))).toList();
        this.webSockets = ws.stream().map(SocketOpener::webSocket).toList();
        this.sources = sources;
        this.group = group;
        this.nchan = nchan;
        this.ids = ids;
        this.pushPrefix = PushReader.prefix(ids);
        this.json = json;
        this.tokens = tokens;
        this.login = login;
        this.commands = commands;
        this.bootstrap = new Bootstrap().group(loops).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Connections.READY_TIMEOUT.toMillis());
        if (!sources.isEmpty()) {
            transport.bindAddressNoPort(bootstrap);
        }
    }

    /**
     * The source address of connection {@code index} among {@code nodes} client addresses, or null for the
     * system's choice: the addresses in turn among the connections to each node, so that each node sees all of
     * them (a source address holds one range of ports per destination).
     */
    static InetAddress source(List<InetAddress> sources, int nodes, int index) {
        return sources.isEmpty() ? null : sources.get(index / nodes % sources.size());
    }

    private static WebSocketClientProtocolConfig webSocket(URI ws) {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(ws)
                .handshakeTimeoutMillis(Connections.READY_TIMEOUT.toMillis())
                .handleCloseFrames(false) // the handler counts close codes
                .maxFramePayloadLength(MAX_FRAME)
                .withUTF8Validator(false) // the JSON parser reads the text anyway
                .build();
    }

    /**
     * Connection {@code index}'s handshake: to its node's {@code /ws}, with its uid and token in the query where it
     * logs in on the upgrade, or to its nchan channel.
     */
    private WebSocketClientProtocolConfig webSocket(int index, String uid, String token) {
        WebSocketClientProtocolConfig base = webSockets.get(index % webSockets.size());
        if (nchan.isPresent()) {
            return base.toBuilder().webSocketUri(nchan.get().subscriber(base.webSocketUri(), index)).build();
        }
        if (login == Login.UPGRADE) {
            return base.toBuilder().webSocketUri(upgradeLogin(base.webSocketUri(), uid, token)).build();
        }
        return base;
    }

    /** {@code ws} with the login in its query: {@code ?uid=…&token=…}, each URL-encoded. */
    static URI upgradeLogin(URI ws, String uid, String token) {
        String query = "uid=" + URLEncoder.encode(uid, StandardCharsets.UTF_8)
                + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        String base = ws.toString();
        return URI.create(base + (ws.getRawQuery() == null ? "?" : "&") + query);
    }

    @Override
    public void open(int from, int to, int perSecond, ConnectionListener listener) throws InterruptedException {
        ConnectionListener settling = new SettlingListener(listener, pending);
        Pacer pacer = new Pacer(perSecond);
        for (int i = from; i < to; i++) {
            pacer.awaitNext();
            pending.acquire();
            connect(i, settling, System.nanoTime());
        }
    }

    /** Opens connection {@code index}, first tried at {@code start} (its connect time and deadline count from it). */
    private void connect(int index, ConnectionListener listener, long start) {
        String uid = ids.uid(index);
        // nchan has no login: a subscriber is ready once its upgrade is done.
        String joins = commands != null ? commands.room(index) : group.orElse(null);
        String token = nchan.isPresent() ? null : commands != null ? tokens.tokenFor(uid, joins) : tokens.tokenFor(uid);
        BenchClientHandler handler = new BenchClientHandler(index, uid, token, joins, start,
                start + Connections.READY_TIMEOUT.toNanos(), json, ids, new PushReader(pushPrefix), listener,
                login == Login.UPGRADE,
                delayMillis -> bootstrap.config().group().schedule(() -> connect(index, listener, start),
                        delayMillis, TimeUnit.MILLISECONDS), commands);
        WebSocketClientProtocolConfig webSocket = webSocket(index, uid, token);
        URI node = ws.get(index % ws.size());
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                BenchTls.addTo(ch, node);
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_UPGRADE_RESPONSE),
                        new WebSocketClientProtocolHandler(webSocket), handler);
            }
        });
        InetSocketAddress remote = remotes.get(index % remotes.size());
        InetAddress source = source(sources, remotes.size(), index);
        ChannelFuture connect = source == null ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(source, 0));
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                handler.connectFailed(done.cause());
            }
        });
    }
}
