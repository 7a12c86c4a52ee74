package io.herald.route;

import java.util.ArrayList;
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
    private final Map<String, Set<String>> connsByUser = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> membersByGroup = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groupsByUser = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> add(ConnectionRoute route) {
        byConn.put(route.conn(), route);
        connsByUser.compute(route.uid(), (uid, conns) -> {
            Set<String> set = conns == null ? ConcurrentHashMap.newKeySet() : conns;
            set.add(route.conn());
            return set;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> remove(ConnectionRoute route) {
        boolean removed = byConn.remove(route.conn(), route);
        if (removed) {
            connsByUser.computeIfPresent(route.uid(), (uid, conns) -> {
                conns.remove(route.conn());
                return conns.isEmpty() ? null : conns;
            });
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public CompletionStage<List<ConnectionRoute>> connections(String uid) {
        Set<String> conns = connsByUser.getOrDefault(uid, Set.of());
        List<ConnectionRoute> routes = new ArrayList<>(conns.size());
        for (String conn : conns) {
            ConnectionRoute route = byConn.get(conn);
            if (route != null) {
                routes.add(route);
            }
        }
        return CompletableFuture.completedFuture(routes);
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
