package io.herald.route;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Delivers a push to its target wherever the target is connected: locally first, on other nodes through the
 * cluster. Each stage completes with how many connections were written (and acked, where acks are awaited),
 * never exceptionally. The caller keeps ownership of each delivery's frame and may release it once the stage
 * completes.
 */
public interface Router {

    /** Each user's own push (users pushed together may share one), on every node that holds the user. */
    CompletionStage<Delivered> pushToUsers(Map<String, Delivery> byUser);

    CompletionStage<Delivered> pushToConnection(String conn, Delivery delivery);

    CompletionStage<Delivered> pushToGroup(String group, Delivery delivery);

    CompletionStage<Delivered> pushToAll(Delivery delivery);

    /** Adds a user to a group in the registry and on every node that holds its connections. */
    CompletionStage<Boolean> join(String group, String uid);

    /** Removes a user from a group in the registry and on every node that holds its connections. */
    CompletionStage<Boolean> leave(String group, String uid);

    /** Closes every connection of a user with 4003; completes with how many were closed. */
    CompletionStage<Integer> kickUser(String uid);

    /** Closes one connection with 4003. */
    CompletionStage<Integer> kickConnection(String conn);

    /** Closes one connection, wherever it is, with 4010: a newer one of its user took its place. */
    CompletionStage<Integer> replaceConnection(String conn);
}
