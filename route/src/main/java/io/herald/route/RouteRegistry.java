package io.herald.route;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Which node holds which connection of which user, and which users belong to which group. Group membership
 * is per user and outlives the user's connections, so a user who reconnects regains its groups. Every
 * method returns at once; the stage completes on an executor of the registry's choosing (or at once for the
 * in-memory registry), never on the caller's event loop, so callers hop back to their own loop.
 */
public interface RouteRegistry {

    /** Records a connection's route. */
    CompletionStage<Void> add(ConnectionRoute route);

    /**
     * Records a connection's route within its user's limit, in one atomic step with the count, so that two logins
     * racing for the user's last place (on two nodes) cannot both take it: where the user already holds
     * {@code limit.max()} connections, either refuses ({@link ConnectionLimit.Policy#REJECT}) or records it and takes
     * out the routes of the user's oldest connections, as many as it takes to stay at the limit
     * ({@link ConnectionLimit.Policy#REPLACE}; the caller closes those connections). Only routes on nodes alive in
     * the registry's view count.
     */
    CompletionStage<Registration> add(ConnectionRoute route, ConnectionLimit limit);

    /**
     * Removes a connection's route if it is still exactly {@code route} (compare-and-delete), so that a stale
     * teardown never erases a fresh one; completes with whether it removed anything.
     */
    CompletionStage<Boolean> remove(ConnectionRoute route);

    /**
     * Records many routes at once: a node registering its connections again after it lost the registry. A
     * registry that keeps routes with an expiry renews them too.
     */
    CompletionStage<Void> addAll(List<ConnectionRoute> routes);

    /** Renews the expiry of these users' routes, for a registry that keeps them with one; the node's heartbeat. */
    CompletionStage<Void> refresh(Collection<String> uids);

    /** Removes again the routes whose removal failed while the registry could not be reached. */
    CompletionStage<Void> retryRemovals();

    /** The routes of every connection of a user, on every node. */
    CompletionStage<List<ConnectionRoute>> connections(String uid);

    /** The routes of several users in one round trip, by user; a user with none maps to an empty list. */
    CompletionStage<Map<String, List<ConnectionRoute>>> connections(Collection<String> uids);

    /** Adds a user to a group; completes with whether it was not a member before. */
    CompletionStage<Boolean> join(String group, String uid);

    /** Removes a user from a group; completes with whether it was a member. */
    CompletionStage<Boolean> leave(String group, String uid);

    /** The groups a user belongs to. */
    CompletionStage<Set<String>> groups(String uid);

    /** The groups of several users in one round trip, by user. */
    CompletionStage<Map<String, Set<String>>> groups(Collection<String> uids);

    /** The members of a group that have at least one connection. */
    CompletionStage<List<String>> onlineMembers(String group);
}
