package io.herald.gateway.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flushes the connections that push frames were written to once, at the end of their event loop's
 * iteration, rather than once per frame: when several deliveries to the same connection are queued on the loop
 * together (a burst of broadcasts, a backlog after a stall), they leave in one {@code send} instead of one each.
 * At low rates it flushes as soon as the loop has run its queued tasks, so nothing waits for a timer.
 *
 * <p>After each flush the {@link OutboundWatcher} is told of the channel, so that what a client leaves unread is
 * counted where it is written, on its loop, without a lock.
 *
 * <p>One per node. {@link #write} is called on the channel's event loop. Loops that cannot run a task at the
 * end of their iteration (an {@code EmbeddedChannel}'s, in tests) flush at once.
 */
public final class LoopFlusher {

    private final Map<EventLoop, Pending> pendingByLoop = new ConcurrentHashMap<>();
    private final OutboundWatcher watcher;

    /** A flusher that tells no one of its flushes. */
    public LoopFlusher() {
        this(OutboundWatcher.NONE);
    }

    /** @param watcher told of each channel flushed, on its loop, right after the flush */
    public LoopFlusher(OutboundWatcher watcher) {
        this.watcher = watcher;
    }

    /** The channels of one loop written since its last flush; touched only on that loop. */
    private final class Pending implements Runnable {
        private final List<ChannelOutboundInvoker> channels = new ArrayList<>();
        private boolean scheduled;

        @Override
        public void run() {
            scheduled = false;
            // The size is read at every step: a flush may lead to a write on this loop (a close, a handler woken by
            // writability), which adds its channel here; read once, that channel was cleared below unflushed.
            for (int i = 0; i < channels.size(); i++) {
                ChannelOutboundInvoker target = channels.get(i);
                target.flush();
                watcher.flushed(target instanceof ChannelHandlerContext ctx ? ctx.channel() : (Channel) target);
            }
            channels.clear();
        }
    }

    /**
     * Writes {@code message} through {@code target}, a channel or one of its handler contexts, on the channel's
     * event loop {@code loop}, and has it flushed there by the end of the loop's iteration.
     */
    void write(EventLoop loop, ChannelOutboundInvoker target, Object message) {
        if (!(loop instanceof SingleThreadEventLoop tail)) {
            target.writeAndFlush(message, target.voidPromise());
            return;
        }
        target.write(message, target.voidPromise());
        Pending pending = pendingByLoop.computeIfAbsent(loop, l -> new Pending());
        pending.channels.add(target);
        if (!pending.scheduled) {
            pending.scheduled = true;
            tail.executeAfterEventLoopIteration(pending);
        }
    }
}
