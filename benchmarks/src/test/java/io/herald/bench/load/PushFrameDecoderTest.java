package io.herald.bench.load;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushFrameDecoderTest {

    private static final int FIN_TEXT = 0x81;
    private static final int TEXT = 0x01;
    private static final int FIN_CONTINUATION = 0x80;
    private static final int FIN_PING = 0x89;
    private static final int FIN_CLOSE = 0x88;
    private static final int MAX_FRAME = 1 << 16;

    private final RunIds ids = new RunIds("run1");
    private final List<String> events = new ArrayList<>();
    private int completes;
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void ready(int index, long micros) {
        }

        @Override
        public void failed(int index, String reason) {
        }

        @Override
        public void closed(int index, String reason) {
        }

        @Override
        public void received(int index, long seq, long sentMicros, long receivedNanos) {
            events.add("push " + index + ": " + seq + " sent " + sentMicros);
        }
    };

    @Test
    void takesThePushesOffAndPassesEveryOtherFrameOnAsItCame() {
        EmbeddedChannel ch = channel();

        ch.writeInbound(bytes(frame(FIN_TEXT, push(1, 10)), frame(FIN_PING, ascii("hi")),
                frame(FIN_TEXT, ascii("{\"id\":\"login\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\"}")),
                frame(FIN_TEXT, push(2, 20)), frame(FIN_TEXT, ascii("{\"cmd\":\"push\",\"id\":\"other.3\"}")),
                frame(FIN_CLOSE, new byte[] {0x03, (byte) 0xe8})));

        assertThat(events).containsExactly("push 7: 1 sent 10", "ping hi",
                "text {\"id\":\"login\",\"cmd\":\"login\",\"code\":200,\"msg\":\"ok\"}", "push 7: 2 sent 20",
                "text {\"cmd\":\"push\",\"id\":\"other.3\"}", "close 1000");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aReadOfPushesOnlyIsNotCompleteForTheHandlersAfter() {
        EmbeddedChannel ch = channel();

        ch.writeInbound(bytes(frame(FIN_TEXT, push(1, 10)), frame(FIN_TEXT, push(2, 20))));
        assertThat(completes).isZero();
        ch.writeInbound(bytes(frame(FIN_TEXT, push(3, 30)), frame(FIN_PING, ascii("p"))));
        assertThat(completes).isEqualTo(1);
        ch.writeInbound(bytes(frame(FIN_TEXT, push(4, 40))));
        assertThat(completes).isEqualTo(1);
        assertThat(events).hasSize(5);
    }

    @Test
    void aPushCutShortGoesOnToNettyWhenTheDecoderIsRemoved() {
        byte[] stream = frame(FIN_TEXT, push(1, 10));
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(stream, 0, 20));
        assertThat(events).isEmpty();

        ch.pipeline().remove(PushFrameDecoder.class);
        ch.writeInbound(Unpooled.wrappedBuffer(stream, 20, stream.length - 20));

        assertThat(events).containsExactly("text " + text(push(1, 10)));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aPushCutShortIsKeptInABufferOfItsOwnThatTheCloseReleases() {
        byte[] stream = frame(FIN_TEXT, push(1, 10));
        List<ByteBuf> allocated = new ArrayList<>();
        EmbeddedChannel ch = channel();
        ch.config().setAllocator(recording(allocated));
        ByteBuf first = Unpooled.wrappedBuffer(stream, 0, 20);

        ch.writeInbound(first);

        assertThat(first.refCnt()).isZero();
        assertThat(allocated).hasSize(1);
        assertThat(allocated.get(0).readableBytes()).isEqualTo(20);
        assertThat(ch.finish()).isFalse();
        assertThat(allocated.get(0).refCnt()).isZero();
    }

    private static AbstractByteBufAllocator recording(List<ByteBuf> allocated) {
        return new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf buf = Unpooled.buffer(initialCapacity, maxCapacity);
                allocated.add(buf);
                return buf;
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
    }

    @Test
    void readsTheSameStreamCutAnywhere() {
        byte[] stream = concat(frame(FIN_TEXT, push(1, 10)), frame(FIN_PING, ascii("p")),
                frame(FIN_TEXT, push(2, 20, 300)), frame(FIN_TEXT, ascii("{\"x\":1}")), frame(FIN_TEXT, push(3, 30)));
        List<String> whole = new ArrayList<>();
        EmbeddedChannel reference = channel();
        reference.writeInbound(Unpooled.wrappedBuffer(stream));
        whole.addAll(events);
        assertThat(whole).hasSize(5).contains("push 7: 2 sent 20");

        for (int cut = 1; cut < stream.length; cut++) {
            events.clear();
            EmbeddedChannel ch = channel();
            ch.writeInbound(Unpooled.wrappedBuffer(stream, 0, cut));
            ch.writeInbound(Unpooled.wrappedBuffer(stream, cut, stream.length - cut));
            assertThat(events).as("cut at %d", cut).isEqualTo(whole);
            assertThat(ch.finish()).isFalse();
        }
        events.clear();
        EmbeddedChannel ch = channel();
        for (byte b : stream) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(events).isEqualTo(whole);
    }

    @Test
    void stepsAsideForGoodAtAFragmentOrACloseAndNettySeesTheRest() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes(frame(FIN_TEXT, push(1, 10)), frame(TEXT, push(2, 20)), frame(FIN_PING, ascii("p")),
                frame(FIN_CONTINUATION, new byte[0]), frame(FIN_TEXT, push(3, 30))));
        assertThat(events).containsExactly("push 7: 1 sent 10", "text (more) " + text(push(2, 20)), "ping p",
                "continuation ", "text " + text(push(3, 30)));

        events.clear();
        EmbeddedChannel closing = channel();
        closing.writeInbound(bytes(frame(FIN_CLOSE, new byte[] {0x03, (byte) 0xe8}), frame(FIN_TEXT, push(4, 40))));
        assertThat(events).containsExactly("close 1000"); // Netty drops what follows a close
    }

    @Test
    void leavesLargeFramesToNettyAndGoesOn() {
        EmbeddedChannel ch = channel();
        byte[] large = push(1, 10, PushFrameDecoder.MAX_PUSH + 1);
        byte[] binary = new byte[MAX_FRAME];

        ch.writeInbound(bytes(frame(FIN_TEXT, large), frame(FIN_TEXT, push(2, 20, 126)), frame(0x82, binary),
                frame(0x8a, ascii("pong")), frame(FIN_TEXT, push(3, 30))));

        assertThat(events).containsExactly("text " + text(large), "push 7: 2 sent 20", "binary " + MAX_FRAME,
                "pong pong", "push 7: 3 sent 30");
    }

    @Test
    void leavesFramesThatBreakTheProtocolToNetty() {
        byte[] payload = push(1, 10);
        assertRefusedByNetty(masked(payload));
        assertRefusedByNetty(concat(new byte[] {(byte) FIN_TEXT, 126, 0, (byte) payload.length}, payload));
        assertRefusedByNetty(frame(FIN_TEXT | 0x40, payload));
        assertRefusedByNetty(frame(FIN_CONTINUATION, payload));
        assertRefusedByNetty(concat(new byte[] {(byte) FIN_TEXT, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}, payload));
        assertRefusedByNetty(concat(new byte[] {(byte) FIN_TEXT, 127, 0, 0, 0, 0, 0, 0, 0, (byte) payload.length},
                payload));
        assertRefusedByNetty(frame(FIN_PING, new byte[126]));
        assertRefusedByNetty(frame(0x09, ascii("p")));
        assertRefusedByNetty(frame(0x83, payload));
        assertRefusedByNetty(frame(0x82, new byte[MAX_FRAME + 1]));
    }

    /** Netty's decoder sees the frame, and refuses it; no push is taken off before or after it. */
    private void assertRefusedByNetty(byte[] bad) {
        EmbeddedChannel ch = channel();
        assertThatThrownBy(() -> ch.writeInbound(bytes(bad, frame(FIN_TEXT, push(2, 20)))))
                .isInstanceOf(CorruptedWebSocketFrameException.class);
        assertThat(events).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    private EmbeddedChannel channel() {
        WebSocketDecoderConfig client = WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false)
                .maxFramePayloadLength(MAX_FRAME).withUTF8Validator(false).build();
        return new EmbeddedChannel(new PushFrameDecoder(7, new PushReader(PushReader.prefix(ids)), listener, MAX_FRAME),
                new WebSocket08FrameDecoder(client), new SimpleChannelInboundHandler<WebSocketFrame>() {
                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        completes++;
                    }

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                        String content = frame.content().toString(StandardCharsets.US_ASCII);
                        if (frame instanceof TextWebSocketFrame) {
                            events.add("text " + (frame.isFinalFragment() ? "" : "(more) ") + content);
                        } else if (frame instanceof ContinuationWebSocketFrame) {
                            events.add("continuation " + content);
                        } else if (frame instanceof PingWebSocketFrame) {
                            events.add("ping " + content);
                        } else if (frame instanceof PongWebSocketFrame) {
                            events.add("pong " + content);
                        } else if (frame instanceof BinaryWebSocketFrame) {
                            events.add("binary " + frame.content().readableBytes());
                        } else if (frame instanceof CloseWebSocketFrame close) {
                            events.add("close " + close.statusCode());
                        }
                    }
                });
    }

    private byte[] push(long seq, long sent) {
        return ascii("{\"cmd\":\"push\",\"id\":\"" + ids.messageId(seq) + "\",\"group\":\"g\",\"data\":{\"t\":" + sent
                + "}}");
    }

    /** A push of {@code size} bytes, padded. */
    private byte[] push(long seq, long sent, int size) {
        String head = "{\"cmd\":\"push\",\"id\":\"" + ids.messageId(seq) + "\",\"data\":{\"t\":" + sent + ",\"pad\":\"";
        return ascii(head + "x".repeat(size - head.length() - 3) + "\"}}");
    }

    /** A frame as a server writes it: unmasked, its length in the shortest form. */
    private static byte[] frame(int first, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length <= 0xffff) {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A final text frame masked with a zero key, as no server may send one. */
    private static byte[] masked(byte[] payload) {
        return concat(new byte[] {(byte) FIN_TEXT, (byte) (0x80 | payload.length), 0, 0, 0, 0}, payload);
    }

    private static ByteBuf bytes(byte[]... frames) {
        return Unpooled.directBuffer().writeBytes(concat(frames));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String text(byte[] ascii) {
        return new String(ascii, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
