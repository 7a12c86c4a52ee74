package io.herald.gateway.events;

import io.herald.codec.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The events a node reports (PROTOCOL.md): receipts of acked and expired pushes, and its connections' connects and
 * disconnects. Each is written as one JSON object and handed to the {@link EventSink}, or dropped where no
 * {@code --events} is set. Thread-safe.
 */
public final class Events {

    private final EventSink sink;
    private final String node;
    private final LongSupplier clock;

    /**
     * @param sink  where events go, or {@code null} where none is set
     * @param clock milliseconds since the epoch, each event's {@code at}
     */
    public Events(EventSink sink, String node, LongSupplier clock) {
        this.sink = sink;
        this.node = node;
        this.clock = clock;
    }

    /** Events that go nowhere: no {@code --events} is set. */
    public static Events none() {
        return new Events(null, "", System::currentTimeMillis);
    }

    /** A connection logged in; {@code device} and {@code remote} may be null. */
    public void connected(String uid, String conn, String device, String remote) {
        publish(w -> w.raw("{\"event\":\"connect\",\"uid\":").string(uid).raw(",\"conn\":").string(conn)
                .raw(",\"node\":").string(node).raw(",\"device\":").string(device)
                .raw(",\"remote\":").string(remote));
    }

    /** A logged-in connection closed, with this close code, for this reason ({@code client}, {@code idle}, …). */
    public void disconnected(String uid, String conn, int code, String reason) {
        publish(w -> w.raw("{\"event\":\"disconnect\",\"uid\":").string(uid).raw(",\"conn\":").string(conn)
                .raw(",\"node\":").string(node).raw(",\"code\":").number(code)
                .raw(",\"reason\":").string(reason));
    }

    /** Completes once the events reported so far have reached the backend (at once where none is set). */
    public java.util.concurrent.CompletableFuture<Void> drained() {
        return sink == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : sink.drained();
    }

    /** A receipt: a client acked a push whose sender asked for receipts. */
    public void acked(String id, String uid, String conn) {
        publish(w -> w.raw("{\"event\":\"ack\",\"id\":").string(id).raw(",\"uid\":").string(uid)
                .raw(",\"conn\":").string(conn).raw(",\"node\":").string(node));
    }

    /** A receipt: a stored push expired unacked. */
    public void expired(String id, String uid) {
        publish(w -> w.raw("{\"event\":\"expired\",\"id\":").string(id).raw(",\"uid\":").string(uid));
    }

    private void publish(Consumer<JsonWriter> fields) {
        if (sink == null) {
            return;
        }
        ByteBuf buf = Unpooled.buffer(128);
        try {
            JsonWriter w = new JsonWriter(buf);
            fields.accept(w);
            w.raw(",\"at\":").number(clock.getAsLong()).raw("}");
            sink.publish(ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }
}
