package io.herald.gateway.client;

import io.herald.codec.CommandReader;
import io.herald.codec.ServerFrames;
import io.herald.gateway.GatewayConfig;
import io.herald.gateway.events.Events;
import io.herald.gateway.command.CommandDispatcher;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.session.LoopFlusher;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.gateway.tls.ServerTls;
import io.herald.route.UniqueIds;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Assembles the client pipeline in the order {@link ClientPipeline} documents. It only assembles: the node's
 * collaborators (dispatcher, session lifecycle, health check, admission limits) are built by the node and
 * handed in; the handlers here are its stateless singletons and, per channel, the stateful ones.
 */
public final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** The upgrade request's body: it has none; anything bigger is not a WebSocket client. */
    private static final int MAX_UPGRADE_REQUEST_BYTES = 8192;

    private final GatewayConfig config;
    private final UniqueIds connectionIds;
    private final CommandReader reader;
    private final ServerFrames frames;
    private final LoopFlusher flusher;
    private final Admission admission;
    private final WebSocketServerProtocolConfig websocketConfig;
    private final HttpRequestHandler httpRequests;
    private final HttpDecoderConfig httpDecoder;
    private final KeepaliveHandler keepalive = new KeepaliveHandler();
    private final SlowReaderHandler slowReader = new SlowReaderHandler();
    private final CloseFrameHandler closeFrames = new CloseFrameHandler();
    private final CommandDispatcher dispatcher;
    private final SessionHandler sessionHandler;
    /** The port's TLS; {@code null} where it serves none. */
    private final ServerTls tls;
    /** The wall clock that token expiries are read against. */
    private final Clock clock = Clock.systemUTC();

    /**
     * @param tls the port's TLS, where it serves {@code wss://}
     */
    public ClientChannelInitializer(GatewayConfig config, UniqueIds connectionIds, CommandReader reader,
                                    ServerFrames frames, LoopFlusher flusher, Admission admission,
                                    CommandDispatcher dispatcher, SessionLifecycle lifecycle, HealthCheck health,
                                    Events events, Optional<ServerTls> tls) {
        this.config = config;
        this.tls = tls.orElse(null);
        this.connectionIds = connectionIds;
        this.reader = reader;
        this.frames = frames;
        this.flusher = flusher;
        this.admission = admission;
        this.dispatcher = dispatcher;
        ClientLimits limits = config.clientLimits();
        this.httpDecoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxHeaderSizeBytes())
                .setMaxHeaderSize(limits.maxHeaderSizeBytes());
        UpgradeLogin upgradeLogin = new UpgradeLogin(reader, dispatcher.login());
        this.httpRequests = new HttpRequestHandler(health, upgradeLogin, new AllowedOrigins(limits.allowedOrigins()),
                admission.refusals(), limits.maxHeaderSizeBytes());
        WebSocketDecoderConfig frameConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameBytes())
                .allowExtensions(false)
                // Violations are answered by CloseFrameHandler, with one close frame; the UTF-8 validator is
                // added by name, before it.
                .closeOnProtocolViolation(false)
                .withUTF8Validator(false)
                .build();
        this.sessionHandler = new SessionHandler(lifecycle, upgradeLogin, events, frameConfig);
        this.websocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(ClientPipeline.WEBSOCKET_PATH)
                .checkStartsWith(true)
                .handshakeTimeoutMillis(config.loginTimeout().toMillis())
                .decoderConfig(frameConfig)
                // CloseFrameHandler answers close frames. A close of the node's own without a close frame before
                // still sends 1000 (the idle timeout): the protocol handler sends it only where no close frame
                // passed it, and every close frame now passes it.
                .handleCloseFrames(false)
                .build();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.attr(Session.KEY).set(new Session(ch, connectionIds.next(), flusher));
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            SslHandler handler = tls.newHandler(ch.alloc());
            // A connection that does not finish its handshake in time is one that does not log in in time.
            handler.setHandshakeTimeoutMillis(config.loginTimeout().toMillis());
            p.addLast(ClientPipeline.TLS, handler);
        }
        p.addLast(ClientPipeline.PING_IDLE,
                new IdleStateHandler(config.pingInterval().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        p.addLast(ClientPipeline.READ_TIMEOUT,
                new ReadTimeoutHandler(config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        p.addLast(ClientPipeline.HTTP_CODEC, new HttpServerCodec(httpDecoder));
        if (admission.limits()) {
            p.addLast(ClientPipeline.ADMISSION, new AdmissionHandler(admission.connections(), admission.logins(),
                    admission.rates(), admission.refusals(), tls != null));
        }
        p.addLast(ClientPipeline.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_UPGRADE_REQUEST_BYTES));
        p.addLast(ClientPipeline.HANDSHAKE_TIMEOUT,
                new HandshakeTimeoutHandler(config.clientLimits().handshakeTimeout(), admission.refusals()));
        p.addLast(ClientPipeline.HTTP_REQUESTS, httpRequests);
        p.addLast(ClientPipeline.UTF8_VALIDATOR, new Utf8FrameValidator(false));
        p.addLast(ClientPipeline.CLOSE_FRAMES, closeFrames);
        p.addLast(ClientPipeline.WEBSOCKET, new WebSocketServerProtocolHandler(websocketConfig));
        p.addLast(ClientPipeline.WEBSOCKET_AGGREGATOR, new WebSocketFrameAggregator(config.maxFrameBytes()));
        p.addLast(ClientPipeline.LOGIN_TIMEOUT, new AuthDeadlineHandler(config.loginTimeout(), clock));
        p.addLast(ClientPipeline.KEEPALIVE, keepalive);
        p.addLast(ClientPipeline.SLOW_READER, slowReader);
        p.addLast(ClientPipeline.COMMAND_DECODER,
                new CommandDecoder(reader, frames, config.badFrameLimit(), config.badFrameWindow(),
                        config.clientLimits().commandRate(), admission.refusals()));
        p.addLast(ClientPipeline.LOGIN_WAIT, new LoginWaitHandler());
        p.addLast(ClientPipeline.COMMAND_DISPATCHER, dispatcher);
        p.addLast(ClientPipeline.SESSION, sessionHandler);
    }
}
