package io.herald.client;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The node's answer to a login: the login reply's {@code data}.
 *
 * @param conn the connection's id on the node
 * @param node the node's id
 * @param heartbeat how often the client sends a heartbeat
 * @param streams the position of each stream the connection receives (empty where the node has no streams)
 * @param recovered whether every stream of the login's {@code since} was recovered whole (true without one)
 * @param lost the streams of {@code since} that were not
 */
public record Session(String conn, String node, Duration heartbeat, Map<String, Position> streams,
                      boolean recovered, Set<String> lost) {

    public Session {
        streams = Map.copyOf(streams);
        lost = Set.copyOf(lost);
    }
}
