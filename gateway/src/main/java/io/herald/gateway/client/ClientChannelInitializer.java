package io.herald.gateway.client;

import io.herald.codec.CommandReader;
import io.herald.codec.ServerFrames;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.api.HealthCheck;
import io.herald.gateway.command.CommandDispatcher;
import io.herald.route.UniqueIds;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionLifecycle;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Assembles the client pipeline, in this order:
 * <ol>
 *   <li>{@value #PING_IDLE}: Netty's idle-state handler, read side, at the ping interval. It sits first, so
 *       any bytes read, Pongs included, count as life;</li>
 *   <li>{@value #READ_TIMEOUT}: Netty's read-timeout handler at the idle timeout, on the same clock;</li>
 *   <li>{@value #HTTP_CODEC}: HTTP until the upgrade (the handshake replaces it with the WebSocket frame
 *       codec);</li>
 *   <li>{@value #CONNECTION_LIMIT}: only with a connection limit: 503 past it. After the codec, because it
 *       answers the upgrade request;</li>
 *   <li>{@value #HTTP_AGGREGATOR}: whole upgrade requests (the handshake removes it);</li>
 *   <li>{@value #HTTP_REQUESTS}: {@code /healthz}, 404 for unknown paths (removed once upgraded);</li>
 *   <li>{@value #WEBSOCKET}: the upgrade at {@code /ws}, the frame size limit (1009), Ping, Pong and Close;</li>
 *   <li>{@value #WEBSOCKET_AGGREGATOR}: joins fragmented messages, up to the same limit;</li>
 *   <li>{@value #LOGIN_TIMEOUT}: closes with 4002 a connection that does not log in in time (removed once it
 *       fires on a logged-in connection);</li>
 *   <li>{@value #KEEPALIVE}: pings on idle, closes slow readers with 4009;</li>
 *   <li>{@value #COMMAND_DECODER}: JSON text to commands, 400 for bad frames, 4008 for too many;</li>
 *   <li>{@value #COMMAND_DISPATCHER}: each command to its action;</li>
 *   <li>{@value #SESSION}: the session's upgrade and close, and every error that reaches the tail.</li>
 * </ol>
 * It only assembles: every handler is built here or handed in.
 */
public final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {

    public static final String PING_IDLE = "ping-idle";
    public static final String READ_TIMEOUT = "read-timeout";
    public static final String CONNECTION_LIMIT = "connection-limit";
    public static final String HTTP_CODEC = "http-codec";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String HTTP_REQUESTS = "http-requests";
    public static final String WEBSOCKET = "websocket";
    public static final String WEBSOCKET_AGGREGATOR = "websocket-aggregator";
    public static final String LOGIN_TIMEOUT = "login-timeout";
    public static final String KEEPALIVE = "keepalive";
    public static final String COMMAND_DECODER = "command-decoder";
    public static final String COMMAND_DISPATCHER = "command-dispatcher";
    public static final String SESSION = "session";

    /** The upgrade request is small; anything bigger is not a WebSocket client. */
    private static final int MAX_UPGRADE_REQUEST_BYTES = 8192;

    private final GatewayConfig config;
    private final UniqueIds connectionIds;
    private final CommandReader reader;
    private final ServerFrames frames;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final WebSocketServerProtocolConfig websocketConfig;
    private final HttpRequestHandler httpRequests;
    private final KeepaliveHandler keepalive = new KeepaliveHandler();
    private final CommandDispatcher dispatcher;
    private final SessionHandler sessionHandler;

    public ClientChannelInitializer(GatewayConfig config, UniqueIds connectionIds, CommandReader reader,
                                    ServerFrames frames, CommandDispatcher dispatcher, SessionLifecycle lifecycle,
                                    HealthCheck health) {
        this.config = config;
        this.connectionIds = connectionIds;
        this.reader = reader;
        this.frames = frames;
        this.dispatcher = dispatcher;
        this.httpRequests = new HttpRequestHandler(health);
        this.sessionHandler = new SessionHandler(lifecycle);
        this.websocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(HttpRequestHandler.WEBSOCKET_PATH)
                .checkStartsWith(true)
                .handshakeTimeoutMillis(config.loginTimeout().toMillis())
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameBytes())
                        .allowExtensions(false)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.attr(Session.KEY).set(new Session(ch, connectionIds.next()));
        ChannelPipeline p = ch.pipeline();
        p.addLast(PING_IDLE, new IdleStateHandler(config.pingInterval().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        p.addLast(READ_TIMEOUT, new ReadTimeoutHandler(config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        p.addLast(HTTP_CODEC, new HttpServerCodec());
        if (config.maxConnections() > 0) {
            p.addLast(CONNECTION_LIMIT, new ConnectionLimitHandler(openConnections, config.maxConnections()));
        }
        p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_UPGRADE_REQUEST_BYTES));
        p.addLast(HTTP_REQUESTS, httpRequests);
        p.addLast(WEBSOCKET, new WebSocketServerProtocolHandler(websocketConfig));
        p.addLast(WEBSOCKET_AGGREGATOR, new WebSocketFrameAggregator(config.maxFrameBytes()));
        p.addLast(LOGIN_TIMEOUT, new LoginTimeoutHandler(config.loginTimeout()));
        p.addLast(KEEPALIVE, keepalive);
        p.addLast(COMMAND_DECODER,
                new CommandDecoder(reader, frames, config.badFrameLimit(), config.badFrameWindow()));
        p.addLast(COMMAND_DISPATCHER, dispatcher);
        p.addLast(SESSION, sessionHandler);
    }
}
