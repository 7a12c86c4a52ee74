package io.herald.bench.load;

import io.herald.bench.measure.DeliveryLedger;
import io.herald.codec.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issues the run's pushes within a budget (a count, a deadline or both): numbers each, writes its body
 * {@code {<target>,"id":"<run>.<seq>","data":{"t":<send time>,"pad":"…"}}} with {@code data} padded to the payload
 * size (for nchan the target is {@code "cmd":"push"}: the body is the frame), and tells the ledger how many
 * deliveries it should make before anyone can send it. Called by the run's
 * thread and by HTTP connections' loops; thread-safe.
 */
public final class PushSource {

    /** {@code {"t":} plus 16 digits of epoch microseconds plus {@code }}. */
    static final int MIN_PAYLOAD = 22;
    private static final int PAD_OVERHEAD = ",\"pad\":\"\"".length();

    private final RunContext run;
    private final PushTarget target;
    private final ByteBufAllocator alloc;
    private final String dataTail;
    private long issued;
    private long limit;
    private long deadlineNanos;
    private boolean stopped;

    /** @param payloadSizeBytes the size of each push's {@code data} (its send time, padded) */
    public PushSource(RunContext run, PushTarget target, int payloadSizeBytes, ByteBufAllocator alloc) {
        this.run = run;
        this.target = target;
        this.alloc = alloc;
        this.dataTail = padding(payloadSizeBytes) + "}";
    }

    /** The tail of {@code data} after its {@code t}: a {@code pad} string that brings it to {@code size} bytes. */
    static String padding(int size) {
        int pad = size - MIN_PAYLOAD - PAD_OVERHEAD;
        if (pad < 0) {
            return "";
        }
        char[] x = new char[pad];
        Arrays.fill(x, 'x');
        return ",\"pad\":\"" + new String(x) + "\"";
    }

    /** From now on, issue at most {@code count} more pushes (0: no limit), and none after {@code deadlineNanos}. */
    public synchronized void budget(long count, long deadlineNanos) {
        this.limit = count == 0 ? DeliveryLedger.MAX_MESSAGES : Math.min(issued + count, DeliveryLedger.MAX_MESSAGES);
        this.deadlineNanos = deadlineNanos;
        this.stopped = false;
    }

    /** Issues no more pushes until the next budget. */
    synchronized void stop() {
        stopped = true;
    }

    /** Whether the budget is spent: no push would be issued now. */
    synchronized boolean exhausted() {
        return stopped || issued >= limit || System.nanoTime() - deadlineNanos >= 0;
    }

    public synchronized long issued() {
        return issued;
    }

    /** The next push, sent now; null once the budget is spent. */
    PushRequest next() {
        return next(run.clock().nowMicros());
    }

    /** The next push, carrying {@code sentMicros} as its send time; null once the budget is spent. */
    public PushRequest next(long sentMicros) {
        long seq;
        synchronized (this) {
            if (exhausted()) {
                return null;
            }
            seq = issued++;
        }
        ByteBuf body = alloc.buffer(dataTail.length() + 128);
        JsonWriter w = new JsonWriter(body).raw("{");
        PushTarget.Route route = target.pick(w, ThreadLocalRandom.current());
        w.raw("\"id\":").string(run.ids().messageId(seq)).raw(",\"data\":{\"t\":").number(sentMicros);
        body.writeCharSequence(dataTail, StandardCharsets.US_ASCII);
        w.raw("}");
        run.ledger().expect(seq, route.deliveries());
        return new PushRequest(seq, sentMicros, route.path(), body);
    }
}
