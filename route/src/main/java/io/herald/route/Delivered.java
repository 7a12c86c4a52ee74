package io.herald.route;

/**
 * What became of a push: how many connections it was written to and, where the caller awaited acks, how many of
 * them acked in time.
 *
 * @param written the connections it was written to
 * @param acked   the connections that acked it before the await timeout; 0 where nobody waited
 */
public record Delivered(int written, int acked) {

    public static final Delivered NONE = new Delivered(0, 0);

    public Delivered plus(Delivered other) {
        return new Delivered(written + other.written, acked + other.acked);
    }
}
