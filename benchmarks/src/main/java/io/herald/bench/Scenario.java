package io.herald.bench;

import io.herald.codec.InvalidConfigException;
import java.util.Locale;

/** What a run of {@code herald bench} does once its connections are logged in. */
public enum Scenario {

    /** Holds the connections idle for the duration: connect cost, connect time, memory per connection. */
    CONNECT,
    /** Pushes to every connection, or to a group they all joined, through {@code POST /api/broadcast}. */
    BROADCAST,
    /** Pushes to random users through {@code POST /api/push}: one {@code uid}, or {@code uids} batches. */
    UNICAST,
    /**
     * Against several nodes: connections spread over them in turn, pushes through the first node's API, so that
     * most deliveries are relayed to users on the others; unicast pushes, or broadcasts with {@code --push}.
     */
    CLUSTER,
    /**
     * Against several nodes, a soak that must lose nothing: clients spread over the nodes ack every push, and when
     * their connection drops log in again on another node with {@code since}; pushes to random users go through
     * every node's API in turn at a rate, while one node is killed with SIGKILL and started again.
     */
    FAILOVER,
    /**
     * Two-way: the connections, in rooms, send commands at a rate that the node forwards to an echo upstream the
     * bench runs itself, which answers each with 200 and a push to the sender's room: the node's CPU per forwarded
     * command, the command round trip, and the pushes, none lost.
     */
    UPSTREAM,
    /**
     * Memory under clients that do not read: besides the ordinary connections, which read everything, connections
     * that stop reading their sockets once logged in, while broadcasts and unicasts keep coming at a rate; the
     * node's heap and resident memory before, during and after, when it closed the slow ones, and whether the
     * ordinary ones lost anything.
     */
    SLOW_READERS;

    /** What {@link #parse} takes, for messages. */
    static final String LABELS = "connect, broadcast, unicast, cluster, failover, upstream or slow-readers";

    /** The name users type: {@code connect}, {@code broadcast}, {@code slow-readers}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a scenario by its label. */
    public static Scenario parse(String label) {
        for (Scenario s : values()) {
            if (s.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InvalidConfigException("scenario", label, LABELS);
    }
}
