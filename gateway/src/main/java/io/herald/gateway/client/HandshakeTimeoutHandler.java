package io.herald.gateway.client;

import io.herald.gateway.http.JsonResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose upgrade request is not whole within {@code --handshake-timeout} of its accept: answers
 * 408 and closes. A client that trickles its request line and headers (slowloris), or opens a connection and sends
 * nothing, holds a socket only that long. The timer starts when the connection opens and stops once a whole request
 * for {@code /ws} was read; the handler then leaves the pipeline. A connection that only asks for other paths
 * ({@code /healthz}, kept alive) is closed at the timeout all the same. The login timeout counts from the accept too:
 * whichever is shorter closes first. The timer runs on the channel's event loop, on Netty's clock. Built per channel.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeTimeoutHandler.class);

    private final long timeoutNanos;
    private final ClientRefusals refusals;
    private ScheduledFuture<?> timer;

    HandshakeTimeoutHandler(Duration timeout, ClientRefusals refusals) {
        this.timeoutNanos = timeout.toNanos();
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        refusals.refused(ClientRefusals.Kind.HANDSHAKE_TIMEOUT);
        log.debug("{} sent no whole upgrade request in time, closed", ctx.channel());
        JsonResponses.send(ctx, JsonResponses.response(ctx.alloc(), HttpResponseStatus.REQUEST_TIMEOUT.code(),
                "no whole upgrade request within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms", null), false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()
                && ClientPipeline.WEBSOCKET_PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            cancel();
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
