package io.herald.gateway.session;

import io.herald.codec.StreamPosition;
import io.herald.route.StreamStore;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a connection that logs in is told and sent before its live pushes: the login reply's stream positions,
 * whether everything it asked to recover ({@code since}) was recovered, then the pushes stored for its user and
 * the history it missed.
 *
 * @param positions   where the connection stands in each stream it receives, or {@code null} where the node has
 *                    no streams (off, or the store unreachable)
 * @param recovered   whether every stream of {@code since} was recovered whole
 * @param lost        the streams of {@code since} that were not: their epoch changed, their history no longer
 *                    reaches back, or the connection does not receive them
 * @param storedFirst the pushes stored for the user that the replay does not carry, in the order pushed: sent
 *                    first
 * @param replayed    each stream's missed history, in seq order: sent next
 * @param storedIds   the ids of every push stored for the user (an ack of one drops it from storage)
 */
public record Recovery(Map<String, StreamPosition> positions, boolean recovered, List<String> lost,
                       List<StreamStore.Entry> storedFirst, List<StreamStore.Entry> replayed, Set<String> storedIds) {
}
