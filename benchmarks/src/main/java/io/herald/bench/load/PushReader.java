package io.herald.bench.load;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Reads this run's pushes straight from a frame's bytes, without a JSON parser, a string or an object per push:
 * a broadcast makes one receipt per connection, and the client must stay cheaper than what it measures.
 *
 * <p>It accepts only frames that are exactly in the layout the node writes, a small subset of JSON:
 * <pre>
 * {"cmd":"push","id":"&lt;run&gt;.&lt;seq&gt;"[,"stream":"&lt;s&gt;"|,"seq":&lt;n&gt;|,"group":"&lt;s&gt;"]...,"data":{"t":&lt;n&gt;[,"&lt;s&gt;":"&lt;s&gt;"]...}}
 * </pre>
 * where {@code <seq>} is 1 to 18 digits (as {@link RunIds#seq} reads them), {@code <n>} a JSON non-negative integer
 * of at most 18 digits, {@code <s>} a string of printable ASCII without {@code "} or {@code \}, and nothing around
 * or between the tokens. Any other frame, this run's push or not, valid JSON or not, is left to the
 * {@linkplain InboundFrame JSON parser}, so the two read every frame this one accepts alike: the same message
 * number and send time.
 *
 * <p>Built per connection and used by its event loop only (it keeps the last push's fields, and a scratch copy of
 * frames that are not on the heap); not thread-safe.
 */
final class PushReader {

    /** Frames longer than this, off the heap, are left to the JSON parser rather than copied. */
    static final int MAX_SCRATCH = 8192;

    private static final int MAX_ID_DIGITS = 18;
    private static final int MAX_NUMBER_DIGITS = 18;
    private static final byte[] GROUP = ascii(",\"group\":\"");
    private static final byte[] STREAM = ascii(",\"stream\":\"");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] DATA_TIME = ascii(",\"data\":{\"t\":");

    private final byte[] prefix;
    private byte[] scratch = new byte[0];
    private long seq;
    private long sentMicros;

    /** @param prefix the bytes every push of the run starts with, up to its message number: {@link #prefix} */
    PushReader(byte[] prefix) {
        this.prefix = prefix;
    }

    /** The bytes a push of {@code ids}' run starts with, to share among the run's readers. */
    static byte[] prefix(RunIds ids) {
        return ascii("{\"cmd\":\"push\",\"id\":\"" + ids.messagePrefix());
    }

    /** The message number of the last push read. */
    long seq() {
        return seq;
    }

    /** The send time of the last push read, epoch microseconds. */
    long sentMicros() {
        return sentMicros;
    }

    /**
     * Reads the {@code length} bytes of {@code buf} from {@code index}, the whole text of a frame, without moving
     * its indexes: true where it is one of this run's pushes in the node's layout ({@link #seq()} and
     * {@link #sentMicros()} then say which and when), false for anything else, which this reader does not judge.
     */
    boolean read(ByteBuf buf, int index, int length) {
        if (buf.hasArray()) {
            int from = buf.arrayOffset() + index;
            return read(buf.array(), from, from + length);
        }
        if (length > MAX_SCRATCH) {
            return false;
        }
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        buf.getBytes(index, scratch, 0, length);
        return read(scratch, 0, length);
    }

    /** Reads {@code b[from, to)}; see {@link #read(ByteBuf, int, int)}. */
    boolean read(byte[] b, int from, int to) {
        if (!startsWith(b, from, to, prefix)) {
            return false;
        }
        int i = from + prefix.length;
        int idEnd = digits(b, i, to, MAX_ID_DIGITS);
        if (idEnd <= i || idEnd >= to || b[idEnd] != '"') {
            return false;
        }
        long id = number(b, i, idEnd);
        i = idEnd + 1;
        while (!startsWith(b, i, to, DATA_TIME)) {
            if (startsWith(b, i, to, GROUP)) {
                i = plainString(b, i + GROUP.length, to);
            } else if (startsWith(b, i, to, STREAM)) {
                i = plainString(b, i + STREAM.length, to);
            } else if (startsWith(b, i, to, SEQ)) {
                i = integer(b, i + SEQ.length, to);
            } else {
                return false;
            }
            if (i < 0) {
                return false;
            }
        }
        int timeFrom = i + DATA_TIME.length;
        i = integer(b, timeFrom, to);
        if (i < 0) {
            return false;
        }
        long time = number(b, timeFrom, i);
        while (i < to && b[i] == ',') {
            // Another member of data: a string that, even named t, leaves the send time as it is.
            if (i + 1 >= to || b[i + 1] != '"') {
                return false;
            }
            i = plainString(b, i + 2, to);
            if (i < 0 || i + 1 >= to || b[i] != ':' || b[i + 1] != '"') {
                return false;
            }
            i = plainString(b, i + 2, to);
            if (i < 0) {
                return false;
            }
        }
        if (i + 2 != to || b[i] != '}' || b[i + 1] != '}') {
            return false;
        }
        seq = id;
        sentMicros = time;
        return true;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] expected) {
        if (to - from < expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (b[from + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** The end of the digits from {@code from}, or -1 past {@code max} of them. */
    private static int digits(byte[] b, int from, int to, int max) {
        int i = from;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i - from > max ? -1 : i;
    }

    /** The end of a JSON non-negative integer of at most 18 digits from {@code from}, or -1. */
    private static int integer(byte[] b, int from, int to) {
        int end = digits(b, from, to, MAX_NUMBER_DIGITS);
        if (end <= from || b[from] == '0' && end - from > 1) {
            return -1; // none, too many, or a leading zero, which JSON does not allow
        }
        return end;
    }

    private static long number(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (b[i] - '0');
        }
        return n;
    }

    /** The index after the closing quote of a string of printable ASCII from {@code from}, or -1. */
    private static int plainString(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
