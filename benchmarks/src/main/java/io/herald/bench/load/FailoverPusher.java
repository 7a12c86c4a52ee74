package io.herald.bench.load;

import io.herald.bench.measure.FailoverLedger;
import io.herald.bench.measure.LatencyLog;
import io.herald.codec.JsonObject;
import io.herald.codec.JsonWriter;
import io.herald.codec.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.FullHttpResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The backend of a failover run: single-user pushes ({@code POST /api/push} with {@code uid}), each with a
 * run-unique id, through every node's API in turn, over keep-alive HTTP connections with one request in flight
 * each ({@link ApiNodeConnections}). A node whose connections are all down (killed, or restarting) is skipped
 * until they open again. A push still queued on a connection when it closes was never sent: it goes through
 * another node, as a backend would send it; one sent and unanswered is not sent again (the node may have taken it). What each push is for and what became of it goes to the run's
 * {@link FailoverLedger}. The run's thread calls {@link #push}; the HTTP loops the listener's methods.
 */
public final class FailoverPusher implements AnswerListener, AutoCloseable {

    private static final long POLL_MILLIS = 5;

    private final RunContext run;
    private final FailoverLedger ledger;
    private final String dataTail;
    private final List<ApiNodeConnections> nodes = new ArrayList<>();
    private final ReasonCounts refusals = new ReasonCounts();
    private final LongAdder settled = new LongAdder();
    private final LatencyLog answerTimes = new LatencyLog();
    /** The node the next push tries first; moved on by every thread that routes, loosely: it only spreads them. */
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;
    /** Written by the run's thread alone; read by the progress timer too. */
    private volatile long issued;

    /**
     * @param apis             the nodes' API addresses, in the order of the run's other lists
     * @param payloadSizeBytes the size of each push's {@code data}
     */
    public FailoverPusher(EventLoopGroup loops, Transport transport, List<URI> apis, Optional<String> apiKey,
                          RunContext run, FailoverLedger ledger, int payloadSizeBytes) {
        this.run = run;
        this.ledger = ledger;
        this.dataTail = PushSource.padding(payloadSizeBytes) + "}";
        String authorization = apiKey.map(k -> "Bearer " + k).orElse(null);
        for (int i = 0; i < apis.size(); i++) {
            nodes.add(new ApiNodeConnections(i, apis.get(i), loops, transport, authorization, this));
        }
    }

    /** Opens {@code perNode} connections to each node's API; returns once all are open. */
    public void connect(int perNode) throws InterruptedException {
        for (ApiNodeConnections node : nodes) {
            node.connect(perNode);
        }
    }

    /**
     * Issues the next push, to client {@code user}, carrying {@code sentMicros} as its send time, through the next
     * node whose API is up; where none is, the push is not sent. Call from one thread.
     */
    public void push(int user, long sentMicros) {
        long n = issued;
        issued = n + 1;
        ledger.issued(n, user);
        ByteBuf body = PooledByteBufAllocator.DEFAULT.buffer(dataTail.length() + 96);
        new JsonWriter(body).raw("{\"uid\":").string(run.ids().uid(user)).raw(",\"id\":")
                .string(run.ids().messageId(n)).raw(",\"data\":{\"t\":").number(sentMicros);
        body.writeCharSequence(dataTail, StandardCharsets.US_ASCII);
        body.writeByte('}');
        PushRequest push = new PushRequest(n, sentMicros, ApiNodeConnections.PATH, body);
        if (!route(push)) {
            settle(push, false);
            body.release();
        }
    }

    /**
     * Hands {@code push} to the next node in turn whose API is up; false where none is. Called by the run's thread
     * and, for pushes a closed connection never sent, by the HTTP loops.
     */
    private boolean route(PushRequest push) {
        int from = next.get();
        for (int k = 0; k < nodes.size(); k++) {
            ApiNodeConnections node = nodes.get((from + k) % nodes.size());
            ledger.sent(push.seq(), node.position());
            if (node.send(push)) {
                next.set((node.position() + 1) % nodes.size());
                return true;
            }
        }
        return false;
    }

    /** Pushes issued so far. */
    public long issued() {
        return issued;
    }

    /** Pushes answered or given up so far. */
    public long settled() {
        return settled.sum();
    }

    /** Waits until every push issued is answered or given up, or {@code bound} passed; returns those left. */
    public long awaitSettled(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (settled.sum() < issued && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        return issued - settled.sum();
    }

    @Override
    public void answered(PushRequest push, FullHttpResponse response) {
        int status = response.status().code();
        long streamSeq = status == 200 ? streamSeq(response) : -2;
        if (streamSeq < -1) {
            ledger.refused(push.seq());
            refusals.add(status == 200 ? "200 duplicate" : Integer.toString(status));
        } else {
            ledger.answered(push.seq(), streamSeq);
            answerTimes.record(run.clock().nowMicros() - push.sentMicros());
        }
        settled.increment();
    }

    /** {@code data.seq} of a 200 answer, -1 where it has none; -2 where the node took the id for a duplicate. */
    private long streamSeq(FullHttpResponse response) {
        byte[] body = ByteBufUtil.getBytes(response.content());
        try {
            JsonObject data = JsonObject.parse(run.json(), body, 0, body.length).optObject("data");
            if (data == null) {
                return -1;
            }
            return data.optBoolean("duplicate") ? -2 : data.optLong("seq", -1);
        } catch (WireException e) {
            return -1;
        }
    }

    @Override
    public void unanswered(PushRequest push, boolean sent, String reason) {
        if (!sent && !closed) {
            // The connection releases the body once this returns: the next one sends it.
            push.body().retain();
            if (route(push)) {
                return;
            }
            push.body().release();
        }
        settle(push, sent);
    }

    private void settle(PushRequest push, boolean sent) {
        ledger.unanswered(push.seq(), sent);
        settled.increment();
    }

    /** Answers other than 200, by status ({@code 200 duplicate} for an id the node took for a repeat). */
    public Map<String, Long> refusals() {
        return refusals.byReason();
    }

    /** Send to answer, per push answered 200. */
    public LatencyLog answerTimes() {
        return answerTimes;
    }

    /** Stops opening connections again; the event loops' shutdown closes those open. */
    @Override
    public void close() {
        closed = true;
        nodes.forEach(ApiNodeConnections::close);
    }
}
