package io.herald.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route registry of a node that runs alone: concurrent maps, every stage already complete. Indexed both
 * ways (connection to route, user to connections; group to users, user to groups), so no query scans
 * everything.
 */
public final class InMemoryRouteRegistry implements RouteRegistry {

    private final Map<String, ConnectionRoute> byConn = new ConcurrentHashMap<>();
    /** Immutable sets replaced whole under the user's entry: most users have one or two connections. */
    private final Map<String, Set<String>> connsByUser = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> membersByGroup = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groupsByUser = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> add(ConnectionRoute route) {
        byConn.put(route.conn(), route);
        connsByUser.compute(route.uid(), (uid, conns) -> with(conns, route.conn()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> addAll(List<ConnectionRoute> routes) {
        routes.forEach(this::add);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> refresh(Collection<String> uids) {
        // Routes in memory live until removed: nothing expires.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> retryRemovals() {
        // A removal in memory cannot fail.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> remove(ConnectionRoute route) {
        boolean removed = byConn.remove(route.conn(), route);
        if (removed) {
            connsByUser.computeIfPresent(route.uid(), (uid, conns) -> without(conns, route.conn()));
        }
        return CompletableFuture.completedFuture(removed);
    }

    private static Set<String> with(Set<String> conns, String conn) {
        if (conns == null) {
            return Set.of(conn);
        }
        Set<String> next = new HashSet<>(conns);
        next.add(conn);
        return Set.copyOf(next);
    }

    /** The set without {@code conn}, or null (no entry) where it was the last. */
    private static Set<String> without(Set<String> conns, String conn) {
        Set<String> next = new HashSet<>(conns);
        next.remove(conn);
        return next.isEmpty() ? null : Set.copyOf(next);
    }

    @Override
    public CompletionStage<List<ConnectionRoute>> connections(String uid) {
        return CompletableFuture.completedFuture(routesOf(uid));
    }

    @Override
    public CompletionStage<Map<String, List<ConnectionRoute>>> connections(Collection<String> uids) {
        Map<String, List<ConnectionRoute>> routes = new LinkedHashMap<>();
        for (String uid : uids) {
            routes.put(uid, routesOf(uid));
        }
        return CompletableFuture.completedFuture(routes);
    }

    private List<ConnectionRoute> routesOf(String uid) {
        Set<String> conns = connsByUser.getOrDefault(uid, Set.of());
        List<ConnectionRoute> routes = new ArrayList<>(conns.size());
        for (String conn : conns) {
            ConnectionRoute route = byConn.get(conn);
            if (route != null) {
                routes.add(route);
            }
        }
        return routes;
    }

    @Override
    public CompletionStage<Boolean> join(String group, String uid) {
        groupsByUser.compute(uid, (u, groups) -> {
            Set<String> set = groups == null ? ConcurrentHashMap.newKeySet() : groups;
            set.add(group);
            return set;
        });
        boolean[] added = new boolean[1];
        membersByGroup.compute(group, (g, members) -> {
            Set<String> set = members == null ? ConcurrentHashMap.newKeySet() : members;
            added[0] = set.add(uid);
            return set;
        });
        return CompletableFuture.completedFuture(added[0]);
    }

    @Override
    public CompletionStage<Boolean> leave(String group, String uid) {
        groupsByUser.computeIfPresent(uid, (u, groups) -> {
            groups.remove(group);
            return groups.isEmpty() ? null : groups;
        });
        boolean[] removed = new boolean[1];
        membersByGroup.computeIfPresent(group, (g, members) -> {
            removed[0] = members.remove(uid);
            return members.isEmpty() ? null : members;
        });
        return CompletableFuture.completedFuture(removed[0]);
    }

    @Override
    public CompletionStage<Set<String>> groups(String uid) {
        return CompletableFuture.completedFuture(Set.copyOf(groupsByUser.getOrDefault(uid, Set.of())));
    }

    @Override
    public CompletionStage<Map<String, Set<String>>> groups(Collection<String> uids) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (String uid : uids) {
            groups.put(uid, Set.copyOf(groupsByUser.getOrDefault(uid, Set.of())));
        }
        return CompletableFuture.completedFuture(groups);
    }

    @Override
    public CompletionStage<List<String>> onlineMembers(String group) {
        List<String> online = new ArrayList<>();
        for (String uid : membersByGroup.getOrDefault(group, Set.of())) {
            if (connsByUser.containsKey(uid)) {
                online.add(uid);
            }
        }
        return CompletableFuture.completedFuture(online);
    }
}
