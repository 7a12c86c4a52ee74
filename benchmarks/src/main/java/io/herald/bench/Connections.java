package io.herald.bench;

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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's client connections: {@link #open} connects and logs in N of them, one user each, spread over the
 * source addresses, at a rate or as fast as the node takes them with at most {@value #MAX_PENDING} under way, and
 * returns once each is ready or has failed. Counts them, by failure reason too, and times each from its connect
 * to its login's answer (or its group join's). {@link #open} runs on the run's thread; the listener methods on
 * the connections' loops.
 */
final class Connections implements ConnectionListener {

    /** Connections under way at once: more would only queue in the node's accept backlog and time out. */
    static final int MAX_PENDING = 1000;
    /** How long a connection may take from its connect to ready: TCP, handshake, login and join. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private static final int MAX_UPGRADE_RESPONSE = 8192;
    private static final int MAX_FRAME = 16 << 20;

    private final Bootstrap bootstrap;
    private final WebSocketClientProtocolConfig webSocket;
    private final InetSocketAddress remote;
    private final List<InetAddress> sources;
    private final RunContext run;
    private final Tokens tokens;
    private final Optional<String> group;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final LongAdder ready = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> readyIndexes = new ConcurrentLinkedQueue<>();
    private final LatencyLog connectTimes = new LatencyLog();
    private volatile CountDownLatch settled = new CountDownLatch(0);

    Connections(EventLoopGroup loops, Transport transport, RunContext run, Tokens tokens) {
        BenchConfig config = run.config();
        URI ws = config.ws();
        this.remote = new InetSocketAddress(ws.getHost(), ws.getPort() == -1 ? 80 : ws.getPort());
        this.sources = config.sourceAddresses();
        this.run = run;
        this.tokens = tokens;
        this.group = config.group();
        this.webSocket = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(ws)
                .handshakeTimeoutMillis(READY_TIMEOUT.toMillis())
                .handleCloseFrames(false) // the handler counts close codes
                .maxFramePayloadLength(MAX_FRAME)
                .withUTF8Validator(false) // the JSON parser reads the text anyway
                .build();
        this.bootstrap = new Bootstrap().group(loops).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) READY_TIMEOUT.toMillis());
        if (!sources.isEmpty()) {
            transport.bindAddressNoPort(bootstrap);
        }
    }

    /** Opens connections {@code 0..n-1}, {@code perSecond} a second (0: no pacing); returns once all settled. */
    void open(int n, int perSecond) throws InterruptedException {
        settled = new CountDownLatch(n);
        Pacer pacer = new Pacer(perSecond);
        for (int i = 0; i < n; i++) {
            pacer.awaitNext();
            pending.acquire();
            connect(i);
        }
        // Each connection settles by its own deadline; this one only guards against a lost report.
        if (!settled.await(READY_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
            throw new BenchException(settled.getCount() + " connections neither ready nor failed after "
                    + READY_TIMEOUT.toSeconds() * 2 + " s");
        }
    }

    private void connect(int index) {
        String uid = run.ids().uid(index);
        String token = tokens.tokenFor(uid);
        long start = System.nanoTime();
        BenchClientHandler handler = new BenchClientHandler(index, uid, token, group.orElse(null), start,
                start + READY_TIMEOUT.toNanos(), run, this);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_UPGRADE_RESPONSE),
                        new WebSocketClientProtocolHandler(webSocket), handler);
            }
        });
        ChannelFuture connect = sources.isEmpty() ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(sources.get(index % sources.size()), 0));
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                handler.connectFailed(done.cause());
            }
        });
    }

    @Override
    public void ready(int index, long micros) {
        ready.increment();
        connectTimes.record(micros);
        readyIndexes.add(index);
        pending.release();
        settled.countDown();
    }

    @Override
    public void failed(int index, String reason) {
        failed.increment();
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        pending.release();
        settled.countDown();
    }

    @Override
    public void closed(int index, String reason) {
        closed.increment();
        closes.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    long ready() {
        return ready.sum();
    }

    long failed() {
        return failed.sum();
    }

    long closed() {
        return closed.sum();
    }

    /** Connections ready and not closed since. */
    long open() {
        return ready.sum() - closed.sum();
    }

    LatencyLog connectTimes() {
        return connectTimes;
    }

    /** The users whose connections became ready, in no particular order. */
    String[] readyUids() {
        return readyIndexes.stream().map(run.ids()::uid).toArray(String[]::new);
    }

    Map<String, Long> failureReasons() {
        return counts(failures);
    }

    Map<String, Long> closeReasons() {
        return counts(closes);
    }

    private static Map<String, Long> counts(Map<String, LongAdder> adders) {
        Map<String, Long> sorted = new TreeMap<>();
        adders.forEach((reason, n) -> sorted.put(reason, n.sum()));
        return sorted;
    }
}
