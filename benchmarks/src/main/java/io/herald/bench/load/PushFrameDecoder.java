package io.herald.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Takes this run's pushes off a connection's byte stream before Netty's WebSocket decoder sees them, and passes
 * every other frame on to it, byte for byte.
 *
 * <p>Why: a push is one small text frame, and Netty's decoder copies each frame's payload into a buffer of its own,
 * wraps it in a frame object and walks it through three more handlers; for a client that receives a broadcast on
 * thousands of connections, that was most of its own work per receipt. This decoder reads the frame header in
 * place, and where the frame is a final, unmasked text frame of at most {@value #MAX_PUSH} bytes that its
 * {@link PushReader} reads as one of the run's pushes, reports it to the listener and drops it.
 *
 * <p>Netty's decoder stays the judge of the protocol: this one only ever cuts the stream at frame boundaries, and
 * only while every frame before has been one that Netty surely accepts (a final text or binary frame, a ping or a
 * pong, unmasked, no reserved bits, its length in the shortest form and within Netty's limit). At the first frame
 * that is anything else (a close, a fragment, anything Netty may refuse) it steps aside for good and passes
 * everything on, so that Netty sees the rest of the stream exactly as it would without it. The node never
 * fragments a push, and a close ends the connection.
 *
 * <p>It keeps no buffer of its own unless a push it waits for is cut across reads: a read of whole pushes is read in
 * place and released.
 *
 * <p>Built per connection, on its loop, when the WebSocket handshake is done; placed just before Netty's decoder.
 */
final class PushFrameDecoder extends ChannelInboundHandlerAdapter {

    /** The largest push payload read here; larger frames are Netty's. */
    static final int MAX_PUSH = PushReader.MAX_SCRATCH;

    private static final int FIN_TEXT = 0x81;
    private static final int FIN_BINARY = 0x82;
    private static final int FIN_PING = 0x89;
    private static final int FIN_PONG = 0x8a;
    private static final int MASKED = 0x80;
    private static final int LENGTH = 0x7f;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final int index;
    private final PushReader reader;
    private final ConnectionListener listener;
    private final long maxPayload;
    /** The start of a push cut short by the end of a read, copied; null otherwise. */
    private ByteBuf pending;
    /** Bytes of the current frame still to forward. */
    private long forwarding;
    /** Whether anything went on to the handlers after this one since the last read was complete. */
    private boolean forwarded;
    /** A frame Netty may refuse was seen: from there on, everything is Netty's. */
    private boolean passThrough;

    /** @param maxPayload the largest frame payload Netty's decoder takes ({@code maxFramePayloadLength}) */
    PushFrameDecoder(int index, PushReader reader, ConnectionListener listener, long maxPayload) {
        this.index = index;
        this.reader = reader;
        this.listener = listener;
        this.maxPayload = maxPayload;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = in;
        if (pending != null) {
            buf = pending.writeBytes(in);
            pending = null;
            in.release();
        }
        try {
            decode(ctx, buf);
        } finally {
            if (buf.isReadable() && !ctx.isRemoved()) {
                pending = ctx.alloc().buffer(buf.readableBytes()).writeBytes(buf);
            }
            buf.release();
        }
    }

    /** Takes the pushes off {@code in} and forwards the rest in order, until what is left is a push cut short. */
    private void decode(ChannelHandlerContext ctx, ByteBuf in) {
        long arrivedNanos = System.nanoTime();
        while (in.isReadable() && !ctx.isRemoved()) {
            if (passThrough) {
                forward(ctx, in, in.readableBytes());
                return;
            }
            if (forwarding > 0) {
                int n = (int) Math.min(forwarding, in.readableBytes());
                forwarding -= n;
                forward(ctx, in, n);
                continue;
            }
            int r = in.readerIndex();
            int header = headerLength(in);
            if (header == 0) {
                return; // the header is not all here yet
            }
            int first = in.getUnsignedByte(r);
            long payload = payloadLength(in);
            if (first == FIN_TEXT && header <= 4 && payload <= MAX_PUSH && isAccepted(first, in, payload)) {
                if (in.readableBytes() < header + payload) {
                    return; // wait for the whole push; it is small
                }
                if (reader.read(in, r + header, (int) payload)) {
                    listener.received(index, reader.seq(), reader.sentMicros(), arrivedNanos);
                    in.skipBytes(header + (int) payload);
                    continue;
                }
            }
            if (isAccepted(first, in, payload)) {
                forwarding = header + payload;
            } else {
                passThrough = true;
            }
        }
        if (in.isReadable()) {
            forward(ctx, in, in.readableBytes()); // removed meanwhile: the next handler takes the rest
        }
    }

    private void forward(ChannelHandlerContext ctx, ByteBuf in, int n) {
        forwarded = true;
        ctx.fireChannelRead(in.readRetainedSlice(n));
    }

    /**
     * A read that brought only pushes ends here: the handlers after this one saw nothing of it, so they are not
     * told it is complete either (walking them costs a cache miss each, per connection and push).
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (forwarded || !ctx.channel().config().isAutoRead()) {
            forwarded = false;
            ctx.fireChannelReadComplete();
        }
    }

    /** Passes a push cut short on, so that whatever comes next reads the stream from where this one stopped. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            ByteBuf rest = pending;
            pending = null;
            ctx.fireChannelRead(rest);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        ctx.fireChannelInactive();
    }

    /** The header's length, mask included, where all of it is here; 0 otherwise. */
    private static int headerLength(ByteBuf in) {
        int available = in.readableBytes();
        if (available < 2) {
            return 0;
        }
        int second = in.getUnsignedByte(in.readerIndex() + 1);
        int length = second & LENGTH;
        int header = (length < LENGTH_16 ? 2 : length == LENGTH_16 ? 4 : 10) + ((second & MASKED) != 0 ? 4 : 0);
        return available < header ? 0 : header;
    }

    /** The payload length of the frame whose whole header starts {@code in}; negative where out of range. */
    private static long payloadLength(ByteBuf in) {
        int r = in.readerIndex();
        int length = in.getUnsignedByte(r + 1) & LENGTH;
        return length < LENGTH_16 ? length : length == LENGTH_16 ? in.getUnsignedShort(r + 2) : in.getLong(r + 2);
    }

    /** Whether Netty's decoder surely accepts this frame, whatever came before it (there was no fragment). */
    private boolean isAccepted(int first, ByteBuf in, long payload) {
        int second = in.getUnsignedByte(in.readerIndex() + 1);
        if ((second & MASKED) != 0 || payload < 0 || payload > maxPayload) {
            return false;
        }
        int length = second & LENGTH;
        boolean shortest = length < LENGTH_16 || length == LENGTH_16 && payload >= LENGTH_16
                || length == LENGTH_64 && payload > 0xffff;
        boolean data = first == FIN_TEXT || first == FIN_BINARY;
        boolean control = (first == FIN_PING || first == FIN_PONG) && payload <= MAX_CONTROL_PAYLOAD;
        return shortest && (data || control);
    }
}
