package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.http.JsonResponses;
import io.herald.gateway.tls.ServerTls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

import java.util.Optional;

/**
 * Assembles the API pipeline, in this order:
 * <ol>
 *   <li>{@value #TLS}: on a port that serves {@code https://}, Netty's TLS handler, first;</li>
 *   <li>{@value #HTTP_CODEC}: HTTP/1.1;</li>
 *   <li>{@value #KEEP_ALIVE}: keeps connections open between requests as HTTP/1.1 asks;</li>
 *   <li>{@value #AGGREGATOR}: whole requests up to the body limit, 413 past it;</li>
 *   <li>{@value #API}: authentication, {@code /healthz} and the routes of PROTOCOL.md.</li>
 * </ol>
 * It only assembles: the routes and the health check are built by the node and handed in.
 */
public final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {

    public static final String TLS = "tls";
    public static final String HTTP_CODEC = "http-codec";
    public static final String KEEP_ALIVE = "keep-alive";
    public static final String AGGREGATOR = "aggregator";
    public static final String API = "api";

    private final int maxBodyBytes;
    private final ApiHandler api;
    /** The port's TLS; {@code null} where it serves none. */
    private final ServerTls tls;

    /**
     * @param apiKey        the key backends send, where one is set
     * @param clusterSecret the secret other nodes send on {@code /internal/} paths, where the node is clustered
     * @param tls           the port's TLS, where it serves {@code https://}
     */
    public ApiChannelInitializer(Json json, ApiRoutes routes, HealthCheck health, Optional<String> apiKey,
                                 Optional<String> clusterSecret, int maxBodyBytes, Optional<ServerTls> tls) {
        this.maxBodyBytes = maxBodyBytes;
        this.tls = tls.orElse(null);
        this.api = new ApiHandler(json, routes, health, apiKey, clusterSecret);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            ch.pipeline().addLast(TLS, tls.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast(HTTP_CODEC, new HttpServerCodec())
                .addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler())
                .addLast(AGGREGATOR, new BodyLimitAggregator(maxBodyBytes))
                .addLast(API, api);
    }

    /** Answers a body over the limit with PROTOCOL.md's JSON 413, then closes: the rest of it is not read. */
    private static final class BodyLimitAggregator extends HttpObjectAggregator {
        private final int maxBodyBytes;

        BodyLimitAggregator(int maxBodyBytes) {
            super(maxBodyBytes);
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            JsonResponses.send(ctx, JsonResponses.error(ctx.alloc(), ReplyCode.TOO_LARGE,
                    "body too large (expected: at most " + maxBodyBytes + " bytes)"), false);
        }
    }
}
