package io.herald.bench.load;

import io.herald.bench.measure.LatencyLog;
import io.herald.codec.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client commands of the {@code upstream} scenario: each connection joins its room's group (connections
 * {@code 0..size-1} the first room, and so on) and, once ready, sends commands that the node forwards to the echo
 * upstream ({@link EchoUpstream}), which answers 200 and pushes the command's data to the room:
 * {@code {"id":"<seq>","cmd":"bench.echo","data":{"t":<send time, epoch µs>,"id":"<message id>","room":"<group>"}}}.
 * Counts the replies by code, times each 200 from its send to its reply (the round trip through the node and the
 * upstream), and cancels the expected deliveries of a command that was refused. {@link #send} runs on the run's
 * thread; {@link #ready} and {@link #replied} on the connections' loops.
 */
public final class CommandSender {

    /** The command the clients send: not one the node handles itself, so it goes to the upstream. */
    public static final String COMMAND = "bench.echo";

    private final RunContext run;
    private final int roomSize;
    private final AtomicReferenceArray<Channel> channels;
    private final LongAdder sent = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final ReasonCounts refusals = new ReasonCounts();
    private final LatencyLog roundTrips = new LatencyLog();
    private volatile long measureFrom = Long.MAX_VALUE;

    /**
     * @param connections how many connections the run opens
     * @param roomSize    connections per room
     */
    public CommandSender(RunContext run, int connections, int roomSize) {
        this.run = run;
        this.roomSize = roomSize;
        this.channels = new AtomicReferenceArray<>(connections);
    }

    /** The group of connection {@code index}'s room: unique to the run. */
    public String room(int index) {
        return run.ids().run() + "-room-" + index / roomSize;
    }

    /** The room number of connection {@code index}. */
    public int roomOf(int index) {
        return index / roomSize;
    }

    /** Replies to commands sent at or after {@code micros} (epoch µs) are timed; those before are only counted. */
    public void measureFrom(long micros) {
        measureFrom = micros;
    }

    /** Connection {@code index} is logged in and in its room; on its loop. */
    void ready(int index, Channel channel) {
        channels.set(index, channel);
    }

    /**
     * Sends command {@code seq} from connection {@code index}, stamped {@code sentMicros}; false where the connection
     * is not open (nothing sent).
     */
    public boolean send(int index, long seq, long sentMicros) {
        Channel channel = channels.get(index);
        if (channel == null || !channel.isActive()) {
            return false;
        }
        String id = Long.toString(seq);
        ByteBuf frame = channel.alloc().buffer(128);
        new JsonWriter(frame).raw("{\"id\":").string(id).raw(",\"cmd\":\"" + COMMAND + "\",\"data\":{\"t\":")
                .number(sentMicros).raw(",\"id\":").string(run.ids().messageId(seq)).raw(",\"room\":")
                .string(room(index)).raw("}}");
        sent.increment();
        channel.writeAndFlush(new TextWebSocketFrame(frame), channel.voidPromise());
        return true;
    }

    /** A reply that connection {@code index} received once ready, at {@code arrivedNanos}; on its loop. */
    void replied(InboundFrame reply, long arrivedNanos) {
        if (!COMMAND.equals(reply.cmd())) {
            return;
        }
        if (reply.code() != 200) {
            refusals.add(Integer.toString(reply.code()));
            long seq = parseSeq(reply.id());
            if (seq >= 0) {
                run.ledger().cancel(seq); // a refused command pushes nothing
            }
            return;
        }
        answered.increment();
        long sentMicros = reply.sentMicros();
        if (sentMicros >= measureFrom) {
            roundTrips.record(Math.max(0, run.clock().micros(arrivedNanos) - sentMicros));
        }
    }

    private static long parseSeq(String id) {
        try {
            return id == null ? -1 : Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public long sent() {
        return sent.sum();
    }

    public long answered() {
        return answered.sum();
    }

    public long refused() {
        return refusals.total();
    }

    /** The refusals by code, sorted. */
    public Map<String, Long> refusalsByCode() {
        return refusals.byReason();
    }

    /** The round trips of the 200 replies to commands sent since {@link #measureFrom}, in µs. */
    public LatencyLog roundTrips() {
        return roundTrips;
    }
}
