package io.herald.bench.jmh;

import io.herald.codec.PushMessage;
import io.herald.codec.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Encoding a push frame ({@link PushMessage#encode}), done once per push whatever the number of receivers: to users
 * (no {@code group}) and to a group, with {@code data} of {@link #dataBytes} bytes. The buffer comes from Netty's
 * default allocator, the one a channel of the gateway uses, and is released at once, as the gateway does once
 * every connection has been written its duplicate. Returns the frame's length.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PushEncodeBenchmark {

    /** The size of the push's {@code data}: a small object, a typical chat message, a large document. */
    @Param({"16", "100", "1024"})
    int dataBytes;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private PushMessage toUsers;
    private PushMessage toGroup;

    @Setup
    public void setUp() {
        RawJson data = data(dataBytes);
        toUsers = new PushMessage("n1:4fzq:2bx9", null, data);
        toGroup = new PushMessage("n1:4fzq:2bxa", "room-1042", data);
    }

    /** A JSON object of exactly {@code bytes} bytes: {@code {"text":"xx…"}}. */
    static RawJson data(int bytes) {
        String open = "{\"text\":\"";
        String close = "\"}";
        return RawJson.trusted(open + "x".repeat(bytes - open.length() - close.length()) + close);
    }

    @Benchmark
    public int toUsers() {
        return encodeAndRelease(toUsers);
    }

    @Benchmark
    public int toGroup() {
        return encodeAndRelease(toGroup);
    }

    private int encodeAndRelease(PushMessage message) {
        ByteBuf frame = message.encode(alloc);
        try {
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }
}
