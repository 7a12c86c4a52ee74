package io.herald.route;

import java.util.ArrayList;
import java.util.Collection;
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
    /**
     * Immutable lists, in the order the connections were added, replaced whole under the user's entry: most users
     * have one or two connections.
     */
    private final Map<String, List<String>> connsByUser = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> membersByGroup = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groupsByUser = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> add(ConnectionRoute route) {
        byConn.put(route.conn(), route);
        connsByUser.compute(route.uid(), (uid, conns) -> with(conns, route.conn()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Registration> add(ConnectionRoute route, ConnectionLimit limit) {
        if (!limit.limits()) {
            return add(route).thenApply(v -> Registration.ADMITTED);
        }
        Registration[] result = {Registration.ADMITTED};
        // The user's entry is locked while it is computed: the count and the add are one step.
        connsByUser.compute(route.uid(), (uid, conns) -> {
            List<String> counted = new ArrayList<>();
            for (String conn : conns == null ? List.<String>of() : conns) {
                if (byConn.containsKey(conn) && !conn.equals(route.conn())) {
                    counted.add(conn);
                }
            }
            int over = counted.size() + 1 - limit.max();
            if (over > 0 && limit.policy() == ConnectionLimit.Policy.REJECT) {
                result[0] = Registration.REFUSED;
                return conns;
            }
            List<ConnectionRoute> replaced = new ArrayList<>();
            for (int i = 0; i < over; i++) {
                ConnectionRoute oldest = byConn.remove(counted.get(i));
                if (oldest != null) {
                    replaced.add(oldest);
                }
            }
            byConn.put(route.conn(), route);
            result[0] = replaced.isEmpty() ? Registration.ADMITTED : new Registration(true, replaced);
            return with(counted.subList(Math.max(0, over), counted.size()), route.conn());
        });
        return CompletableFuture.completedFuture(result[0]);
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

    /** The list with {@code conn} last (once). */
    private static List<String> with(List<String> conns, String conn) {
        if (conns == null) {
            return List.of(conn);
        }
        List<String> next = new ArrayList<>(conns.size() + 1);
        for (String c : conns) {
            if (!c.equals(conn)) {
                next.add(c);
            }
        }
        next.add(conn);
        return List.copyOf(next);
    }

    /** The list without {@code conn}, or null (no entry) where it was the last. */
    private static List<String> without(List<String> conns, String conn) {
        List<String> next = new ArrayList<>(conns);
        next.remove(conn);
        return next.isEmpty() ? null : List.copyOf(next);
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
        List<String> conns = connsByUser.getOrDefault(uid, List.of());
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
