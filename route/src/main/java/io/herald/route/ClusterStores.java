package io.herald.route;

/**
 * The shared state a node's cluster is built on: which nodes are alive, where each user is connected and in
 * which groups, which message ids were seen, and the streams' seqs, histories and stored pushes. One implementation per mechanism (Redis; in memory for tests of
 * the cluster logic), each owning the connections it needs and closing them.
 */
public interface ClusterStores extends AutoCloseable {

    /** What the stores are, as operators know it, for logs and the degraded reason: {@code redis}. */
    String name();

    NodeRegistry nodes();

    RouteRegistry routes();

    Deduplicator deduplicator();

    /** Streams (seq and history) and stored pushes. */
    StreamStore streams();

    /** The routes the stream store reads with each push to a user, for the router; none by default. */
    default AcceptedRoutes acceptedRoutes() {
        return AcceptedRoutes.NONE;
    }

    /** Calls to the stores since the start (a pipeline of several commands counts once), for the node's metrics. */
    default long calls() {
        return 0;
    }

    /** Calls that failed (the stores unreachable, too busy, or answering an error), for the node's metrics. */
    default long failures() {
        return 0;
    }

    /** Calls waiting for a connection to the stores now, for the node's metrics. */
    default int queued() {
        return 0;
    }

    /** Releases the connections of every store; called once the node has left the cluster. */
    @Override
    void close();
}
