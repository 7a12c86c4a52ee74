package io.herald.bench.worker;

import io.herald.bench.load.RunIds;
import io.herald.bench.load.SocketOpener;
import io.herald.bench.load.Tokens;
import io.herald.bench.load.Transport;
import io.herald.codec.Json;
import io.netty.channel.EventLoopGroup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A worker process of {@code herald bench}, started by the run's {@link WorkerPool} when one process cannot hold
 * every connection: reads its {@link WorkerSpec} from stdin, says hello, opens and logs in its share of the
 * connections at the go, and streams every connection event and receipt to stdout ({@link WorkerEvents}) until
 * its stdin closes, when the run is over or its process has died. Not for people to start.
 */
public final class BenchWorker {

    private static final int EVENT_BUFFER = 1 << 16;

    private BenchWorker() {
    }

    public static void main(String[] args) {
        // Stdout carries the events and nothing else: anything printed goes to stderr, which the run passes on.
        OutputStream events = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), EVENT_BUFFER);
        System.setOut(System.err);
        int code;
        try {
            code = run(new DataInputStream(new BufferedInputStream(System.in)), events);
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** Runs one worker's share; returns its exit code once {@code in} ends. */
    static int run(DataInputStream in, OutputStream out) throws Exception {
        WorkerSpec spec = WorkerSpec.read(in);
        Transport transport = Transport.detect();
        EventLoopGroup loops = transport.newLoops();
        // The run stopped reading: it is gone, so is the point of holding its connections.
        try (EventOutput events = new EventOutput(out, () -> Runtime.getRuntime().halt(3))) {
            RunIds ids = new RunIds(spec.run());
            SocketOpener opener = new SocketOpener(loops, transport, spec.ws(), spec.sources(), spec.group(),
                    spec.nchanChannels(), ids, new Json(), Tokens.of(spec.secret(), spec.group(), spec.tokenTtl()),
                    spec.login(), null);
            events.hello();
            if (in.read() != WorkerSpec.GO) {
                return 0; // the run ended before it needed this worker
            }
            opener.open(spec.from(), spec.to(), in.readInt(), events);
            events.opened();
            while (in.read() != -1) {
                // Holds the connections until the run closes stdin.
            }
            return 0;
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }
}
