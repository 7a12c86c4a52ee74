package io.herald.client;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each stream's position, as the last login reply, each push since and each join reply left it; the next login sends
 * them as {@code since}. Changed on the client's thread only; read from any ({@link #snapshot()}).
 *
 * <p>Push frames carry a stream and a seq but no epoch: the epoch comes from the login reply (or a join reply), and a
 * push moves a known stream's seq on. A stream the client has no epoch for (a group joined on a node that does not
 * say where the join started it) gets a position at the next login that lists it.
 */
final class Positions {

    private final Map<String, Position> positions = new ConcurrentHashMap<>();

    Positions(Map<String, Position> initial) {
        positions.putAll(initial);
    }

    /** What the next login sends as {@code since}. */
    Map<String, Position> since() {
        return new LinkedHashMap<>(positions);
    }

    Map<String, Position> snapshot() {
        return Map.copyOf(positions);
    }

    /**
     * Takes a login reply in, given what the login sent as {@code since}; returns the streams lost. A stream
     * recovered keeps the position sent: what it missed comes next, each push moving it on, so a second drop in the
     * middle of a replay loses nothing either. A lost or new stream takes the reply's position. Streams the reply does
     * not list (a group left) are forgotten, so that they are not reported lost at every later login.
     */
    Set<String> loggedIn(Map<String, Position> since, Session session) {
        // The reply lists streams (never none: a user's stream and all) unless the node has none or cannot reach them.
        boolean streamsListed = !session.streams().isEmpty();
        Set<String> lost = new LinkedHashSet<>(session.lost());
        if (!since.isEmpty() && !session.recovered() && !streamsListed) {
            // No streams in the reply (the node cannot reach its stream store): nothing of since was recovered.
            lost.addAll(since.keySet());
        }
        if (streamsListed) {
            positions.keySet().retainAll(session.streams().keySet());
            for (Map.Entry<String, Position> stream : session.streams().entrySet()) {
                if (!since.containsKey(stream.getKey()) || lost.contains(stream.getKey())) {
                    positions.put(stream.getKey(), stream.getValue());
                }
            }
        }
        return lost;
    }

    /** A push of {@code stream} with {@code seq}: moves a known stream on. */
    void pushed(String stream, long seq) {
        if (stream != null) {
            positions.computeIfPresent(stream, (name, at) -> seq > at.seq() ? new Position(at.epoch(), seq) : at);
        }
    }

    /** A join reply's position: taken unless the client already holds a later one in the same epoch. */
    void joined(String stream, Position position) {
        positions.merge(stream, position, (held, given) ->
                held.epoch().equals(given.epoch()) && held.seq() >= given.seq() ? held : given);
    }

    /** A group left: its stream is no longer received, so it is no longer asked for. */
    void left(String stream) {
        positions.remove(stream);
    }
}
