package io.herald.gateway.session;

import io.netty.channel.Channel;

/**
 * Told of each channel that {@link LoopFlusher} flushed, on that channel's event loop, right after the flush: what
 * is still queued for the client then is what the client did not take. The node's outbound budget watches this.
 */
@FunctionalInterface
public interface OutboundWatcher {

    /** Watches nothing. */
    OutboundWatcher NONE = channel -> {
    };

    /** {@code channel} was just flushed; on its event loop. */
    void flushed(Channel channel);
}
