package io.herald.bench.worker;

import io.herald.bench.load.ConnectionListener;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The events a worker process streams to the run over its stdout, and how they are read back: a type byte, then
 * big-endian fields ({@link DataOutputStream}'s encoding, strings as modified UTF-8).
 *
 * <pre>
 * 'H'                                                    hello: set up, waiting for the go
 * 'O'                                                    opened: every connection of its share started
 * 'R' index:int  micros:long                             connection ready, micros after its connect began
 * 'F' index:int  reason:utf                              connection failed before it was ready
 * 'C' index:int  reason:utf                              connection closed after it was ready
 * 'D' index:int  seq:long  sentMicros:long  nanos:long    push received: message seq (-1: not this run's),
 *                                                        its send time, and System.nanoTime() when it arrived
 * </pre>
 *
 * A receipt is 29 bytes. Receive times cross as {@link System#nanoTime()}, the machine's monotonic clock that every
 * process shares, and become epoch microseconds on the run's own clock, so latencies are as exact as in one process.
 * Stateless.
 */
final class WorkerEvents {

    static final byte HELLO = 'H';
    static final byte OPENED = 'O';
    static final byte READY = 'R';
    static final byte FAILED = 'F';
    static final byte CLOSED = 'C';
    static final byte RECEIVED = 'D';

    private static final int RECEIPT_BYTES = 1 + 4 + 8 + 8 + 8;

    private WorkerEvents() {
    }

    /** Hears the events of one worker; called by the thread that reads them. */
    interface Listener extends ConnectionListener {

        /** The worker is set up and waits for the go. */
        void hello();

        /** The worker has started every connection of its share. */
        void opened();
    }

    static byte[] hello() {
        return new byte[] {HELLO};
    }

    static byte[] opened() {
        return new byte[] {OPENED};
    }

    static byte[] ready(int index, long micros) {
        return encode(READY, index, out -> out.writeLong(micros));
    }

    static byte[] failed(int index, String reason) {
        return encode(FAILED, index, out -> out.writeUTF(reason));
    }

    static byte[] closed(int index, String reason) {
        return encode(CLOSED, index, out -> out.writeUTF(reason));
    }

    static byte[] received(int index, long seq, long sentMicros, long receivedNanos) {
        byte[] b = new byte[RECEIPT_BYTES];
        b[0] = RECEIVED;
        putInt(b, 1, index);
        putLong(b, 5, seq);
        putLong(b, 13, sentMicros);
        putLong(b, 21, receivedNanos);
        return b;
    }

    /**
     * Reads one event and hands it to {@code listener}; returns false at the end of the stream, where an event
     * ends.
     *
     * @throws IOException where the stream breaks off within an event or holds an unknown type
     */
    static boolean readOne(DataInputStream in, Listener listener) throws IOException {
        int type = in.read();
        switch (type) {
            case -1 -> {
                return false;
            }
            case HELLO -> listener.hello();
            case OPENED -> listener.opened();
            case READY -> listener.ready(in.readInt(), in.readLong());
            case FAILED -> listener.failed(in.readInt(), in.readUTF());
            case CLOSED -> listener.closed(in.readInt(), in.readUTF());
            case RECEIVED -> listener.received(in.readInt(), in.readLong(), in.readLong(), in.readLong());
            default -> throw new IOException("unknown worker event type " + type);
        }
        return true;
    }

    /** Reads every event to the end of the stream. */
    static void readAll(DataInputStream in, Listener listener) throws IOException {
        try {
            while (readOne(in, listener)) {
                // Each event went to the listener.
            }
        } catch (EOFException e) {
            throw new IOException("the worker's events broke off within an event", e);
        }
    }

    private interface Fields {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(byte type, int index, Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(type);
            out.writeInt(index);
            fields.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }
}
