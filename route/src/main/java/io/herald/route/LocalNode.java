package io.herald.route;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the cluster needs of the node it runs in: who it is, and delivery to the connections it holds.
 * Implemented by the gateway. Every method may be called from any thread and never blocks: writes are handed
 * to the connections' event loops.
 *
 * <h2>Delivery</h2>
 * A delivery method picks its target connections, hands the push to their event loops and returns at once.
 * Its stage completes with the number of connections the frame was written to (open when their loop wrote
 * it), once every loop involved has written it, or has refused the work because it is shutting down (those
 * connections count 0); where the push's acks are awaited, once those connections acked it or the await timed
 * out, with how many acked. The stage never completes exceptionally. Callers that answer only when it completes
 * (the push API) cannot hand a node work faster than its loops do it: that is the node's backpressure. The
 * stage may complete on one of the node's event loops, so what depends on it must not block.
 *
 * <p>A delivery method takes what it needs of a delivery's frame before it returns (the gateway copies it once
 * into the frame that every connection shares) and keeps no reference to it: the caller keeps its own, and
 * may release it as soon as the call returns.
 */
public interface LocalNode {

    String id();

    /** Where other nodes reach this node's API port, {@code host:port}. */
    String address();

    /** How many logged-in connections this node holds. */
    int connectionCount();

    /** The routes of every logged-in local connection, to register them again after Redis was lost. */
    List<ConnectionRoute> localRoutes();

    /** Every user with a logged-in local connection. */
    Collection<String> localUsers();

    /**
     * Delivers to every local connection of each user its own push (users pushed together may share one);
     * completes with how many connections were written (see Delivery above).
     */
    CompletionStage<Delivered> deliverToUsers(Map<String, Delivery> byUser);

    /** Delivers to one local connection; completes with 1 written where it is here and was written, else 0. */
    CompletionStage<Delivered> deliverToConnection(String conn, Delivery delivery);

    /** Delivers to every local connection of the group's members. */
    CompletionStage<Delivered> deliverToGroup(String group, Delivery delivery);

    /** Delivers to every logged-in local connection. */
    CompletionStage<Delivered> deliverToAll(Delivery delivery);

    /**
     * Adds a user who has connections here to a group, so that group pushes reach them. Completes once each of
     * those connections knows where it starts in the group's stream, so that a push accepted after that reaches
     * every one of them: whoever made the join answers only then. Never completes exceptionally.
     */
    CompletionStage<Void> joinLocal(String group, String uid);

    /** Removes a user from a group locally. */
    void leaveLocal(String group, String uid);

    /** Closes every local connection of the user with 4003; returns how many. */
    int kickUser(String uid);

    /** Closes one local connection with 4003; returns 1 where it was here. */
    int kickConnection(String conn);

    /**
     * Closes one local connection with 4010, replaced by a newer connection of its user past the user's limit;
     * returns 1 where it was here.
     */
    int replaceConnection(String conn);
}
