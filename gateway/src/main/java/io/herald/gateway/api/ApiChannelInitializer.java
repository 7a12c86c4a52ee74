package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.gateway.GatewayConfig;
import io.herald.route.UniqueIds;
import io.herald.route.Cluster;
import io.herald.route.LocalNode;
import io.herald.route.relay.RelayClient;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

import java.util.HashMap;
import java.util.Map;

/**
 * Assembles the API pipeline, in this order:
 * <ol>
 *   <li>{@value #HTTP_CODEC}: HTTP/1.1;</li>
 *   <li>{@value #KEEP_ALIVE}: keeps connections open between requests as HTTP/1.1 asks;</li>
 *   <li>{@value #AGGREGATOR}: whole requests up to the body limit, 413 past it;</li>
 *   <li>{@value #API}: authentication and the routes of PROTOCOL.md.</li>
 * </ol>
 */
public final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {

    public static final String HTTP_CODEC = "http-codec";
    public static final String KEEP_ALIVE = "keep-alive";
    public static final String AGGREGATOR = "aggregator";
    public static final String API = "api";

    private final int maxBodyBytes;
    private final ApiHandler api;

    public ApiChannelInitializer(GatewayConfig config, Json json, Cluster cluster, LocalNode node,
                                 UniqueIds messageIds, HealthCheck health) {
        this.maxBodyBytes = config.maxBodyBytes();
        MessageGate gate = new MessageGate(cluster.deduplicator(), messageIds);
        Map<String, ApiHandler.Route> routes = new HashMap<>();
        routes.put("/api/push", new ApiHandler.Route(HttpMethod.POST, new PushEndpoint(cluster.router(), gate)));
        routes.put("/api/broadcast",
                new ApiHandler.Route(HttpMethod.POST, new BroadcastEndpoint(cluster.router(), gate)));
        routes.put("/api/groups/join",
                new ApiHandler.Route(HttpMethod.POST, GroupMembershipEndpoint.join(cluster.router())));
        routes.put("/api/groups/leave",
                new ApiHandler.Route(HttpMethod.POST, GroupMembershipEndpoint.leave(cluster.router())));
        routes.put("/api/online", new ApiHandler.Route(HttpMethod.GET, new OnlineEndpoint(cluster.routes())));
        routes.put("/api/groups/online",
                new ApiHandler.Route(HttpMethod.GET, new GroupOnlineEndpoint(cluster.routes())));
        routes.put("/api/kick", new ApiHandler.Route(HttpMethod.POST, new KickEndpoint(cluster.router())));
        routes.put("/api/nodes", new ApiHandler.Route(HttpMethod.GET, new NodesEndpoint(cluster)));
        routes.put(ApiHandler.HEALTH_PATH, new ApiHandler.Route(HttpMethod.GET, health));
        if (config.clusterSecret().isPresent()) {
            routes.put(RelayClient.PATH, new ApiHandler.Route(HttpMethod.POST, new RelayEndpoint(json, node)));
        }
        this.api = new ApiHandler(json, routes, config.apiKey(), config.clusterSecret());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
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
