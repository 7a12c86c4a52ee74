package io.herald.gateway.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node's logged-in sessions, indexed by connection, by user and by group, so that no delivery and no
 * teardown scans all connections. Group membership is per user: a group's entry lists the local users in
 * it, and each user's entry lists its sessions and its groups. A user's entry exists while it has at least
 * one session here; every change to it is atomic per user ({@link ConcurrentHashMap#compute}), and always
 * takes the user's entry before the group's, so concurrent logins, closes and joins stay consistent.
 * Thread-safe.
 */
public final class SessionIndex {

    private final Map<String, Session> byConn = new ConcurrentHashMap<>();
    private final Map<String, LocalUser> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> usersByGroup = new ConcurrentHashMap<>();

    /**
     * A user's sessions and groups here. Both change only under the user's entry lock ({@code compute}); the
     * sessions are read without it, by deliveries from any thread, so they are an immutable list replaced whole.
     * Most users have one or two sessions and no group: a few dozen bytes, not two concurrent sets each.
     */
    private static final class LocalUser {
        volatile List<Session> sessions = List.of();
        /** Null until the user joins a group here. */
        Set<String> groups;

        boolean addSession(Session session) {
            List<Session> current = sessions;
            if (current.contains(session)) {
                return false;
            }
            List<Session> next = new ArrayList<>(current.size() + 1);
            next.addAll(current);
            next.add(session);
            sessions = List.copyOf(next);
            return true;
        }

        void removeSession(Session session) {
            List<Session> next = new ArrayList<>(sessions);
            next.remove(session);
            sessions = List.copyOf(next);
        }

        boolean addGroup(String group) {
            if (groups == null) {
                groups = new HashSet<>(4);
            }
            return groups.add(group);
        }

        boolean removeGroup(String group) {
            return groups != null && groups.remove(group);
        }

        Set<String> groups() {
            return groups == null ? Set.of() : groups;
        }
    }

    /** Adds a logged-in session; returns whether it was not there before. */
    public boolean add(Session session) {
        boolean[] added = new boolean[1];
        byUser.compute(session.uid(), (uid, user) -> {
            LocalUser u = user == null ? new LocalUser() : user;
            added[0] = u.addSession(session);
            return u;
        });
        if (added[0]) {
            byConn.put(session.conn(), session);
        }
        return added[0];
    }

    /** Removes a session; returns whether it was there. The user's groups go with its last session. */
    public boolean remove(Session session) {
        String uid = session.uid();
        if (uid == null || !byConn.remove(session.conn(), session)) {
            return false;
        }
        byUser.computeIfPresent(uid, (u, user) -> {
            user.removeSession(session);
            if (!user.sessions.isEmpty()) {
                return user;
            }
            for (String group : user.groups()) {
                removeFromGroup(group, uid);
            }
            return null;
        });
        return true;
    }

    /**
     * Puts a user with sessions here in a group; returns whether that changed anything: false where the user has
     * no session here or was in the group already.
     */
    public boolean join(String group, String uid) {
        boolean[] added = new boolean[1];
        byUser.computeIfPresent(uid, (u, user) -> {
            if (user.addGroup(group)) {
                usersByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(uid);
                added[0] = true;
            }
            return user;
        });
        return added[0];
    }

    /** Takes a user out of a group here; returns whether it was in it. */
    public boolean leave(String group, String uid) {
        boolean[] removed = new boolean[1];
        byUser.computeIfPresent(uid, (u, user) -> {
            if (user.removeGroup(group)) {
                removeFromGroup(group, uid);
                removed[0] = true;
            }
            return user;
        });
        return removed[0];
    }

    private void removeFromGroup(String group, String uid) {
        usersByGroup.computeIfPresent(group, (g, users) -> {
            users.remove(uid);
            return users.isEmpty() ? null : users;
        });
    }

    public Session connection(String conn) {
        return byConn.get(conn);
    }

    /** The user's sessions here; empty where it has none. A snapshot, safe to iterate. */
    public List<Session> sessionsOf(String uid) {
        LocalUser user = byUser.get(uid);
        return user == null ? List.of() : user.sessions;
    }

    /** Calls {@code action} for every session of every local member of the group. */
    public void forEachInGroup(String group, Consumer<Session> action) {
        for (String uid : usersByGroup.getOrDefault(group, Set.of())) {
            sessionsOf(uid).forEach(action);
        }
    }

    /** Every logged-in session; a live view, safe to iterate. */
    public Collection<Session> all() {
        return byConn.values();
    }

    public int size() {
        return byConn.size();
    }

    /** The users with at least one session here; a live view, safe to iterate. */
    public java.util.Set<String> userIds() {
        return byUser.keySet();
    }

    /** How many users have at least one session here. */
    public int users() {
        return byUser.size();
    }
}
