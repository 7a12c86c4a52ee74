package io.herald.gateway;

import io.herald.codec.TokenMinter;
import io.herald.gateway.client.ClientLimits;
import io.herald.route.ClientTransport;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.herald.route.http.HttpClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.bootstrap.Bootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the node's hot paths before its ports open, so that the first clients meet compiled code: a JVM that has
 * just started interprets, then compiles what runs often, and until it has (tens of thousands of logins) every
 * connect and push costs several times what it will. A node restarted during a deploy meets every client
 * reconnecting at once, which is when that cost hurts most.
 *
 * <h2>How</h2>
 * A throwaway node of the same code, alone, on free loopback ports with a secret of its own, takes real
 * WebSocket clients over real sockets (half log in through the upgrade, half with the login command), unicast
 * pushes, group and broadcast pushes and acks through its HTTP API, in rounds, until {@code logins} logins are
 * done and the JIT is no longer busy with them (up to twice as many), or {@link #MAX_TIME} has passed; then it stops and the real node starts. Nothing of it is seen outside
 * the process: no cluster, no events, nothing in Redis. The JIT's work is what stays.
 *
 * <p>Runs on the thread that starts the node; never fails the start (a warm-up that goes wrong is logged and the
 * node starts cold).
 */
final class Warmup {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);

    /** The longest the warm-up runs, whatever it has done by then. */
    static final Duration MAX_TIME = Duration.ofSeconds(20);

    private static final int PER_ROUND = 1000;
    /** At most this many rounds' clients are held at once (see {@link #heldRounds()}). */
    private static final int MAX_HELD_ROUNDS = 10;
    /**
     * Past the logins asked for, rounds go on (up to twice as many logins) while the compilers worked more than this
     * share of a round's time:
     * under load the JIT raises its thresholds for the optimizing compiler, so on a small machine code that ran
     * thousands of times may still wait, profiled, to be compiled for good until the compilers have room. The
     * first clients would pay for that.
     */
    private static final double STILL_COMPILING = 0.25;
    private static final int CONNECTING_AT_ONCE = 128;
    private static final int PUSHING_AT_ONCE = 16;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration COMPILER_WAIT = Duration.ofSeconds(5);
    private static final Duration COMPILER_QUIET = Duration.ofMillis(300);
    private static final Duration COMPILER_POLL = Duration.ofMillis(50);

    private final GatewayConfig real;
    private final Transport transport;
    private final long deadline;

    private Warmup(GatewayConfig real, Transport transport) {
        this.real = real;
        this.transport = transport;
        this.deadline = System.nanoTime() + MAX_TIME.toNanos();
    }

    /**
     * Warms this JVM up for a node configured as {@code real} ({@code real.warmupLogins()} logins); see above.
     * Returns how many logins it ran.
     */
    static int run(GatewayConfig real, Transport transport) {
        if (real.warmupLogins() <= 0) {
            return 0;
        }
        long started = System.nanoTime();
        try {
            int done = new Warmup(real, transport).rounds(real.warmupLogins());
            long compiling = awaitCompiler();
            long collecting = collect();
            log.info("Warmed up in {} ms: {} logins, their pushes and closes on a throwaway node, then {} ms for "
                    + "the compiler to finish and {} ms to collect what the throwaway node left",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), done, compiling, collecting);
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Warm-up interrupted; the node starts cold");
        } catch (RuntimeException e) {
            log.warn("Warm-up failed; the node starts cold", e);
        }
        return 0;
    }

    /**
     * A full collection, once: the throwaway node's sessions, streams and buffers lived long enough to be promoted,
     * and would otherwise sit in the old generation until the first full collection, in the middle of real traffic;
     * the real node starts with an old generation that holds only what it needs. Returns the milliseconds taken.
     */
    @SuppressWarnings("java:S1215") // an explicit collection, once, before the node serves anyone
    private static long collect() {
        long started = System.nanoTime();
        System.gc();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /**
     * Waits until the JIT has compiled what the warm-up queued (its compile time stands still for
     * {@link #COMPILER_QUIET}), at most {@link #COMPILER_WAIT}: otherwise the first clients pay for compiles the
     * warm-up asked for. Returns how long it waited, in milliseconds.
     */
    private static long awaitCompiler() throws InterruptedException {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long started = System.nanoTime();
        long quietSince = started;
        long last = compiler.getTotalCompilationTime();
        while (System.nanoTime() - started < COMPILER_WAIT.toNanos()) {
            Thread.sleep(COMPILER_POLL.toMillis());
            long now = compiler.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= COMPILER_QUIET.toNanos()) {
                break;
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /**
     * The throwaway node's config: the real one's wherever it decides which handlers and classes a connection
     * goes through (limits, token checks, API key, history), so that the code compiled for the one is the code
     * the other runs. A handler class the warm-up never loaded, met later, would make the JIT throw away what
     * it compiled under the assumption that no such class exists, and compile it all again while the first
     * clients wait.
     */
    private GatewayConfig throwaway() {
        return GatewayConfig.builder()
                .host("127.0.0.1").port(0).apiHost("127.0.0.1").apiPort(0)
                .nodeId(real.nodeId() + "-warmup")
                // A node whose logins its auth upstream checks is no development node: nor is its throwaway copy,
                // which never calls the backend (and so never says "any token is accepted").
                .secret(!real.developmentMode() || real.upstream().authUpstream().isPresent() ? randomHex() : null)
                .apiKeys(real.apiKeys().stream().map(key -> randomHex()).toList())
                .loginTimeout(WAIT)
                .maxConnections(real.maxConnections() > 0 ? Integer.MAX_VALUE : 0)
                .maxPendingLogins(real.maxPendingLogins() > 0 ? Integer.MAX_VALUE : 0)
                .maxFrameBytes(real.maxFrameBytes()).sendBufferBytes(real.sendBufferBytes())
                .pingInterval(real.pingInterval()).idleTimeout(real.idleTimeout())
                .warmupLogins(0)
                // The same limits on the client port, so high that the warm-up's own clients never meet them.
                .clientLimits(ClientLimits.builder()
                        .commandRate(real.clientLimits().commandRate() > 0 ? 1_000_000 : 0)
                        .ipConnectRate(real.clientLimits().ipConnectRate() > 0 ? 1_000_000_000 : 0)
                        .ipConnectBurst(1_000_000)
                        .maxHeaderSizeBytes(real.clientLimits().maxHeaderSizeBytes())
                        .build())
                .cluster(ClusterConfig.builder()
                        .historySize(real.cluster().historySize()).historyTtl(real.cluster().historyTtl())
                        .build())
                .build();
    }

    private static String randomHex() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Runs rounds until {@code logins} are done and the compilers have room again (see {@link #STILL_COMPILING}),
     * or time is up; returns how many were done.
     */
    private int rounds(int logins) throws InterruptedException {
        GatewayConfig config = throwaway();
        GatewayServer node = new GatewayServer(config, InMemoryCluster.factory(config.cluster())).start();
        EventLoopGroup clientLoops = transport.newGroup(1);
        HttpClient http = new HttpClient(new ClientTransport(clientLoops, transport.socketChannel()), WAIT,
                PUSHING_AT_ONCE, 64 * 1024);
        // Without a secret (a node in development mode) any token is taken; one signed with a made-up key is.
        TokenMinter tokens = new TokenMinter(config.secret().orElseGet(Warmup::randomHex));
        HttpHeaders headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        config.apiKeys().stream().findFirst()
                .ifPresent(key -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key));
        int done = 0;
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        boolean compiling = true;
        ArrayDeque<List<Channel>> held = new ArrayDeque<>();
        int heldRounds = heldRounds();
        try {
            for (int round = 0; (done < logins || compiling && done < 2L * logins) && !late(); round++) {
                long compiledBefore = compileMillis(compiler);
                long started = System.nanoTime();
                List<Channel> clients = new ArrayList<>();
                done += round(node, clientLoops, http, headers, tokens, round,
                        done < logins ? Math.min(PER_ROUND, logins - done)
                                : (int) Math.min(PER_ROUND / 4, 2L * logins - done), clients);
                held.addLast(clients);
                if (held.size() > heldRounds) {
                    close(held.removeFirst());
                }
                long roundMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                compiling = compileMillis(compiler) - compiledBefore > roundMillis * STILL_COMPILING;
                log.debug("Warm-up round {}: {} logins in {} ms, the compilers busy {} ms", round, done, roundMillis,
                        compileMillis(compiler) - compiledBefore);
            }
        } finally {
            held.forEach(Warmup::close);
            http.close();
            clientLoops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            node.close();
        }
        return done;
    }

    /**
     * The compilers' total time so far, in milliseconds (every compiler thread's, so it can pass the wall time);
     * 0 where the JVM does not tell.
     */
    private static long compileMillis(CompilationMXBean compiler) {
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime() : 0;
    }

    /**
     * How many rounds' clients stay connected while the next rounds run: a node holds many connections, and its
     * tables and timer queues grow with them; code that never saw them grow would be compiled without those paths
     * and thrown away when the first real crowd makes them grow. Bounded by the open files the process may have
     * (two a connection: the client's and the node's), leaving most of them to the real node.
     */
    private static int heldRounds() {
        long files = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 1024;
        return (int) Math.max(1, Math.min(MAX_HELD_ROUNDS, files / (8L * PER_ROUND)));
    }

    private static void close(List<Channel> clients) {
        clients.forEach(Channel::close);
        for (Channel client : clients) {
            client.closeFuture().awaitUninterruptibly(WAIT.toMillis());
        }
    }

    private boolean late() {
        return System.nanoTime() - deadline > 0;
    }

    /**
     * One round: {@code n} clients log in and get pushed to (with the clients of earlier rounds still connected:
     * the broadcasts reach them too), and ack. Returns how many logged in; the clients go to {@code clients}.
     */
    private int round(GatewayServer node, EventLoopGroup loops, HttpClient http, HttpHeaders headers,
                      TokenMinter tokens, int round, int n, List<Channel> clients) throws InterruptedException {
        InetSocketAddress ws = node.clientAddress();
        String api = node.apiAddress().getHostString() + ":" + node.apiAddress().getPort();
        AtomicInteger pushes = new AtomicInteger();
        CountDownLatch loggedIn = new CountDownLatch(n);
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        Bootstrap bootstrap = new Bootstrap().group(loops).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true);
        for (int i = 0; i < n && !late(); i++) {
            String uid = "w" + round + "-" + i;
            String token = tokens.mint(uid, List.of("warm"), Duration.ofMinutes(5));
            boolean upgradeLogin = i % 2 == 0;
            URI uri = URI.create("ws://127.0.0.1:" + ws.getPort() + "/ws"
                    + (upgradeLogin ? "?uid=" + uid + "&token=" + token : ""));
            String login = upgradeLogin ? null
                    : "{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"" + uid + "\",\"token\":\"" + token + "\"}";
            connecting.acquire();
            Channel channel = bootstrap.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                    .webSocketUri(uri).handshakeTimeoutMillis(WAIT.toMillis()).build()),
                            new Client(login, () -> {
                                connecting.release();
                                loggedIn.countDown();
                            }, pushes));
                }
            }).connect(ws).addListener(f -> {
                if (!f.isSuccess()) {
                    connecting.release();
                    loggedIn.countDown();
                }
            }).channel();
            clients.add(channel);
        }
        loggedIn.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        // Unicasts to each user, a group join and group pushes, broadcasts: each client acks what it gets.
        Semaphore pushing = new Semaphore(PUSHING_AT_ONCE);
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (int i = 0; i < n && !late(); i++) {
            String uid = "w" + round + "-" + i;
            answers.add(post(http, headers, api, "/api/groups/join", "{\"group\":\"warm\",\"uid\":\"" + uid + "\"}",
                    pushing));
            answers.add(post(http, headers, api, "/api/push", "{\"uid\":\"" + uid + "\",\"data\":{\"n\":" + i + "}}",
                    pushing));
        }
        for (int i = 0; i < 5; i++) {
            answers.add(post(http, headers, api, "/api/broadcast", "{\"group\":\"warm\",\"data\":{\"n\":" + i + "}}",
                    pushing));
            answers.add(post(http, headers, api, "/api/broadcast", "{\"data\":{\"n\":" + i + "}}", pushing));
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Warm-up pushes did not all answer: {}", e.toString());
        }
        return (int) (clients.size() - loggedIn.getCount());
    }

    private static CompletableFuture<?> post(HttpClient http, HttpHeaders headers, String address, String path,
                                             String json, Semaphore pushing) throws InterruptedException {
        pushing.acquire();
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        return http.post(address, path, headers, body).whenComplete((answer, e) -> pushing.release());
    }

    /** One warm-up client: logs in (by command where it did not in its upgrade), acks every push. */
    private static final class Client extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final String login;
        private final Runnable settled;
        private final AtomicInteger pushes;
        private boolean in;

        /** @param settled run once, when the client has logged in or failed to */
        Client(String login, Runnable settled, AtomicInteger pushes) {
            this.login = login;
            this.settled = settled;
            this.pushes = pushes;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && login != null) {
                ctx.writeAndFlush(new TextWebSocketFrame(login));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String text = frame.text();
            if (!in && text.contains("\"cmd\":\"login\"")) {
                in = true;
                settled.run();
            } else if (text.startsWith("{\"cmd\":\"push\",\"id\":\"")) {
                pushes.incrementAndGet();
                int from = "{\"cmd\":\"push\",\"id\":\"".length();
                String id = text.substring(from, text.indexOf('"', from));
                ctx.writeAndFlush(new TextWebSocketFrame("{\"cmd\":\"ack\",\"id\":\"" + id + "\"}"));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!in) {
                in = true;
                settled.run();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
