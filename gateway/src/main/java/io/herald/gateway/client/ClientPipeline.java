package io.herald.gateway.client;

/**
 * The names of the client pipeline's handlers, in pipeline order:
 * <ol>
 *   <li>{@value #TLS}: on a port that serves {@code wss://}, Netty's TLS handler, first, so that every handler
 *       after it sees plain bytes; its handshake is bounded by the login timeout. Bytes that are not TLS fail it,
 *       and the connection is closed with a debug line ({@link SessionHandler});</li>
 *   <li>{@value #PING_IDLE}: Netty's idle-state handler, read side, at the ping interval. It sits first after
 *       TLS, so any bytes read, Pongs included, count as life;</li>
 *   <li>{@value #READ_TIMEOUT}: Netty's read-timeout handler at the idle timeout, on the same clock;</li>
 *   <li>{@value #HTTP_CODEC}: HTTP until the upgrade, its request line and its headers each at most
 *       {@code --max-header-size} (the handshake replaces it with the WebSocket frame
 *       codec; at the handshake's end {@link ClientFrameDecoder}, as {@value #FRAME_DECODER}, takes the
 *       decoder's place: it checks close frames as RFC 6455 says);</li>
 *   <li>{@value #ADMISSION}: 429 with {@code Retry-After} for a connection past its address's connection rate, 503
 *       past the connection limit, and 503 with {@code Retry-After} for an upgrade
 *       past the limit on upgrades under way, before any handshake (it leaves the pipeline at login where there
 *       is no connection limit). After the codec, because it answers the upgrade request;</li>
 *   <li>{@value #HTTP_AGGREGATOR}: whole upgrade requests (the handshake removes it);</li>
 *   <li>{@value #HANDSHAKE_TIMEOUT}: 408 and closed where no whole upgrade request came within the handshake timeout
 *       of the accept (removed once one came);</li>
 *   <li>{@value #HTTP_REQUESTS}: 414, 431 or 400 for a request the codec could not read, 403 for an upgrade from an
 *       origin not allowed, {@code /healthz}, 404 for unknown paths (removed once upgraded);</li>
 *   <li>{@value #UTF8_VALIDATOR}: Netty's UTF-8 check of text messages, across their fragments (1007);</li>
 *   <li>{@value #CLOSE_FRAMES}: the closing handshake: notes the code of the client's close frame for the
 *       disconnect event and answers it, and fails the connection with one close frame on a protocol violation
 *       found before it (1002, 1007, 1009);</li>
 *   <li>{@value #WEBSOCKET}: the upgrade at {@code /ws}, Pings answered, Pongs dropped, and nothing written after
 *       the node's close frame;</li>
 *   <li>{@value #WEBSOCKET_AGGREGATOR}: joins fragmented messages, up to the same limit; push frames enter
 *       the pipeline here, past the handlers that only read;</li>
 *   <li>{@value #LOGIN_TIMEOUT}: closes with 4002 a connection that does not log in in time (not counting
 *       the check of a login read, which has a bound of its own), then with 4001 one whose token expires
 *       unrefreshed (removed at login where the token has no expiry);</li>
 *   <li>{@value #KEEPALIVE}: pings on idle;</li>
 *   <li>{@value #SLOW_READER}: closes with 4009 a client whose send buffer passes its high water mark;</li>
 *   <li>{@value #COMMAND_DECODER}: JSON text to commands, 400 for bad frames, 429 for commands past the command
 *       rate, 4008 for too many of either; nothing once the node sent its close frame;</li>
 *   <li>{@value #LOGIN_WAIT}: holds the commands that come while the login is being checked, in order, until the
 *       login reply went out, and stops reading past 64 of them (removed once the login is done);</li>
 *   <li>{@value #COMMAND_DISPATCHER}: each command to its action;</li>
 *   <li>{@value #SESSION}: the session's upgrade and close, and every error that reaches the tail.</li>
 * </ol>
 */
public final class ClientPipeline {

    public static final String TLS = "tls";
    public static final String PING_IDLE = "ping-idle";
    public static final String READ_TIMEOUT = "read-timeout";
    public static final String HTTP_CODEC = "http-codec";
    public static final String ADMISSION = "admission";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String HANDSHAKE_TIMEOUT = "handshake-timeout";
    public static final String HTTP_REQUESTS = "http-requests";
    public static final String FRAME_DECODER = "frame-decoder";
    public static final String UTF8_VALIDATOR = "utf8-validator";
    public static final String CLOSE_FRAMES = "close-frames";
    public static final String WEBSOCKET = "websocket";
    public static final String WEBSOCKET_AGGREGATOR = "websocket-aggregator";
    public static final String LOGIN_TIMEOUT = "login-timeout";
    public static final String KEEPALIVE = "keepalive";
    public static final String SLOW_READER = "slow-reader";
    public static final String COMMAND_DECODER = "command-decoder";
    public static final String LOGIN_WAIT = "login-wait";
    public static final String COMMAND_DISPATCHER = "command-dispatcher";
    public static final String SESSION = "session";

    /** The path of the WebSocket upgrade. */
    public static final String WEBSOCKET_PATH = "/ws";

    private ClientPipeline() {
    }
}
