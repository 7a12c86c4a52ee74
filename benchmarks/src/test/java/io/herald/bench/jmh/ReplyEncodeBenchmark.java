package io.herald.bench.jmh;

import io.herald.codec.ReplyCode;
import io.herald.codec.ServerFrames;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Encoding the replies to commands ({@link ServerFrames}), one per command a client sends (but {@code ack}): the
 * plain {@code ok} of a heartbeat or a join, the login reply with its data, and the 400 that names a missing
 * field. The buffer comes from Netty's default allocator, as on a gateway channel, and is released at once.
 * Returns the frame's length.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyEncodeBenchmark {

    private final ServerFrames frames = new ServerFrames(ByteBufAllocator.DEFAULT);
    private final WireException missingGroup =
            new WireException(ReplyCode.BAD_REQUEST, "missing field 'group'", "3", "join");

    @Benchmark
    public int ok() {
        return lengthAndRelease(frames.ok("17", "heartbeat"));
    }

    @Benchmark
    public int loginOk() {
        return lengthAndRelease(frames.loginOk("1", "n1:4fzq:a3k", "n1", 25));
    }

    @Benchmark
    public int error() {
        return lengthAndRelease(frames.error(missingGroup));
    }

    private static int lengthAndRelease(ByteBuf frame) {
        try {
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }
}
