package io.herald.gateway.api;

import io.herald.codec.Json;
import io.herald.codec.ReplyCode;
import io.herald.gateway.http.HealthCheck;
import io.herald.gateway.http.JsonResponses;
import io.herald.gateway.metrics.NodeMetrics;
import io.herald.gateway.tls.ServerTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.Optional;

/**
 * Assembles the API pipeline, in this order:
 * <ol>
 *   <li>{@value #TLS}: on a port that serves {@code https://}, Netty's TLS handler, first;</li>
 *   <li>{@value #READS}: what is read waits here while a request is under way and another waits behind it (then
 *       reading pauses), and goes to the codec a little at a time ({@link PipeliningHandler});</li>
 *   <li>{@value #HTTP_CODEC}: HTTP/1.1;</li>
 *   <li>{@value #PIPELINING}: one request of the connection at a time, answers in order; keeps the connection open
 *       between requests as HTTP/1.1 asks, and closes it gracefully after an answer that says so (then
 *       {@value PipeliningHandler#LINGER} goes first, ahead of everything, and drops what still comes);</li>
 *   <li>{@value #AGGREGATOR}: whole requests up to the body limit, 413 past it (and to an
 *       {@code Expect: 100-continue} whose {@code Content-Length} is past it, without a 100);</li>
 *   <li>{@value #API}: authentication, {@code /healthz}, {@code /metrics}, the bound on requests under way and the
 *       routes of PROTOCOL.md.</li>
 * </ol>
 * It only assembles: the routes and the health check are built by the node and handed in.
 */
public final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {

    public static final String TLS = "tls";
    public static final String READS = "reads";
    public static final String HTTP_CODEC = "http-codec";
    public static final String PIPELINING = "pipelining";
    public static final String AGGREGATOR = "aggregator";
    public static final String API = "api";

    private final int maxBodyBytes;
    private final ApiLimits limits;
    private final ApiHandler api;
    /** The port's TLS; {@code null} where it serves none. */
    private final ServerTls tls;

    /**
     * @param apiKeys       the keys backends send, any one of them accepted; none asked where empty
     * @param clusterSecret the secret other nodes send on {@code /internal/} paths, where the node is clustered
     * @param inflight      the node's bound on API requests under way
     * @param metrics       the node's metrics, for {@code GET /metrics}
     * @param tls           the port's TLS, where it serves {@code https://}
     */
    public ApiChannelInitializer(Json json, ApiRoutes routes, HealthCheck health, List<String> apiKeys,
                                 Optional<String> clusterSecret, int maxBodyBytes, ApiLimits limits,
                                 ApiInflight inflight, NodeMetrics metrics, Optional<ServerTls> tls) {
        this.maxBodyBytes = maxBodyBytes;
        this.tls = tls.orElse(null);
        this.limits = limits;
        this.api = new ApiHandler(json, routes, health, BearerKeys.of(apiKeys),
                BearerKeys.of(clusterSecret.map(List::of).orElse(List.of())), inflight, metrics);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            ch.pipeline().addLast(TLS, tls.newHandler(ch.alloc()));
        }
        PipeliningHandler pipelining = new PipeliningHandler(limits.apiLinger());
        ch.pipeline()
                .addLast(READS, pipelining.bytes())
                .addLast(HTTP_CODEC, new HttpServerCodec())
                .addLast(PIPELINING, pipelining.requests())
                .addLast(AGGREGATOR, new BodyLimitAggregator(maxBodyBytes))
                .addLast(API, api);
    }

    /**
     * Answers a body over the limit with PROTOCOL.md's JSON 413, which closes the connection; {@link PipeliningHandler}
     * then drops the rest of the body as it comes, so that the backend can read the answer.
     */
    private static final class BodyLimitAggregator extends HttpObjectAggregator {
        private final int maxBodyBytes;

        BodyLimitAggregator(int maxBodyBytes) {
            super(maxBodyBytes);
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (answer instanceof FullHttpResponse response
                    && HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.equals(response.status())) {
                ReferenceCountUtil.release(answer);
                return tooLarge(pipeline.channel().alloc());
            }
            if (answer instanceof FullHttpResponse response
                    && HttpResponseStatus.EXPECTATION_FAILED.equals(response.status())) {
                // An Expect other than 100-continue: PROTOCOL.md's JSON instead of Netty's empty 417.
                ReferenceCountUtil.release(answer);
                FullHttpResponse failed = JsonResponses.response(pipeline.channel().alloc(),
                        HttpResponseStatus.EXPECTATION_FAILED.code(), "expectation failed (expected: none, or "
                                + "Expect: 100-continue)", null);
                HttpUtil.setKeepAlive(failed, false);
                return failed;
            }
            return answer;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.writeAndFlush(tooLarge(ctx.alloc()), ctx.voidPromise());
        }

        private FullHttpResponse tooLarge(ByteBufAllocator alloc) {
            FullHttpResponse response = JsonResponses.error(alloc, ReplyCode.TOO_LARGE,
                    "body too large (expected: at most " + maxBodyBytes + " bytes)");
            HttpUtil.setKeepAlive(response, false);
            return response;
        }
    }
}
