package io.herald.bench.measure;

import java.util.List;

/**
 * What the slow-readers scenario measured besides its pushes: its connections that never read, when the node closed
 * them, and the node's memory before the pushes, during them and after. Memory figures are -1 where the node could
 * not be read (not on this machine; no jcmd).
 *
 * @param slowReaders       how many connections that never read were opened
 * @param loggedIn          how many of them the node counted as logged in before the pushes began
 * @param closed            how many of them the node had closed when the run ended
 * @param firstCloseSeconds when the node closed the first, in seconds after the pushes began; null for none
 * @param halfClosedSeconds when it had closed half of them; null where it did not
 * @param allClosedSeconds  when it had closed all of them; null where it did not
 * @param closes            how many it had closed, sampled every {@link #SAMPLE_MILLIS} ms while the count changed:
 *                          pairs of seconds after the pushes began and closed so far
 * @param heapBefore        the node's live heap (after a full collection) with every connection logged in, before
 *                          the pushes
 * @param heapDuring        the same halfway through the pushes
 * @param heapAfter         the same once the pushes were over and the slow connections closed
 * @param rssBefore         the node's resident memory before the pushes
 * @param rssMaxDuring      its largest resident memory sampled during the pushes
 * @param rssAfter          its resident memory after
 */
public record SlowReaderFigures(int slowReaders, int loggedIn, int closed, Double firstCloseSeconds,
                                Double halfClosedSeconds, Double allClosedSeconds, List<double[]> closes,
                                long heapBefore, long heapDuring, long heapAfter, long rssBefore, long rssMaxDuring,
                                long rssAfter) {

    /** How often the node's connection count is read. */
    public static final long SAMPLE_MILLIS = 200;

    public SlowReaderFigures {
        closes = List.copyOf(closes);
    }
}
