package io.herald.gateway.session;

import io.herald.codec.PushMessage;
import io.herald.codec.StreamPosition;
import io.herald.gateway.auth.TokenClaims;
import io.herald.route.Cluster;
import io.herald.route.ConnectionLimit;
import io.herald.route.ConnectionRoute;
import io.herald.route.Registration;
import io.herald.route.RouteRegistry;
import io.herald.route.StreamStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Logs sessions in and out of the node and the cluster, keeping the local index and the route registry in
 * step. Called on the session's event loop; the registry's stages complete on its own threads, and what they
 * do to the session comes back to the loop.
 */
public final class SessionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);

    private final String nodeId;
    private final SessionIndex sessions;
    private final Cluster cluster;
    private final HistoryReads history;
    private final ConnectionLimit limit;
    private final CloseCounts closes = new CloseCounts();
    private final RecoveryCounts recoveries = new RecoveryCounts();

    /** A lifecycle without a per-user connection limit. */
    public SessionLifecycle(String nodeId, SessionIndex sessions, Cluster cluster) {
        this(nodeId, sessions, cluster, ConnectionLimit.NONE);
    }

    /** @param limit how many connections one user may hold across the cluster, and what a login past it does */
    public SessionLifecycle(String nodeId, SessionIndex sessions, Cluster cluster, ConnectionLimit limit) {
        this.nodeId = nodeId;
        this.sessions = sessions;
        this.cluster = cluster;
        this.history = new HistoryReads(cluster.streams());
        this.limit = limit;
    }

    /**
     * Logs a session in: into the local index at once (so pushes reach it; on streams they are held until the
     * recovery is read), then into the registry, then into the user's groups; then reads, in one round trip,
     * where the connection stands in each stream it receives, what it missed since the positions it gave, and
     * the pushes stored for its user. The session joins the index before the groups are read, so a join that
     * lands in between is seen either by the read or by the index. Where the registry or the store cannot be
     * reached the login still succeeds locally, without streams: the cluster registers the connection and reads
     * its groups once it is back. Completes on the session's loop.
     *
     * <p>With a per-user limit the route is registered first, within the limit ({@link #registerLimited}), and the
     * session joins the index only once it was admitted; the stage fails with {@link UserLimitException} where the
     * limit refused it.
     *
     * @param since the positions the client reached before, to recover from; empty for none
     */
    public CompletionStage<Recovery> logIn(Session session, TokenClaims claims, String device,
                                           Map<String, StreamPosition> since) {
        session.logIn(claims, device, nodeId);
        StreamStore streams = cluster.streams();
        if (streams.streamsOn()) {
            session.startRecovery(streams, history);
        }
        CompletionStage<Void> registered;
        if (limit.limits()) {
            registered = registerLimited(session);
        } else {
            sessions.add(session);
            registered = cluster.routes().add(session.route());
            session.registered(registered.exceptionally(e -> null));
        }
        RouteRegistry routes = cluster.routes();
        String uid = claims.uid();
        return registered
                .thenCompose(v -> routes.groups(uid))
                .exceptionally(e -> {
                    if (notLoggedIn(e)) {
                        throw new CompletionException(unwrap(e));
                    }
                    log.debug("{} logged in locally only, the registry is unreachable: {}", session, e.toString());
                    return Set.of();
                })
                .thenComposeAsync(groups -> {
                    groups.forEach(group -> sessions.join(group, uid));
                    return recovery(streams, uid, groups, since);
                }, session.loop())
                .exceptionally(e -> {
                    if (notLoggedIn(e)) {
                        throw new CompletionException(unwrap(e));
                    }
                    log.debug("{} logged in without its streams, the store is unreachable: {}", session, e.toString());
                    return new Recovery(null, false, List.copyOf(since.keySet()), List.of(), List.of(), Set.of());
                })
                .thenApply(recovery -> {
                    recoveries.counted(!since.isEmpty(), recovery);
                    return recovery;
                });
    }

    /**
     * Registers the session's route within its user's limit, then, back on the session's loop, puts the admitted
     * session in the index and closes with 4010 the connections it replaced, wherever they are. Completes once the
     * session is in the index; fails with {@link UserLimitException} where the limit refused it (the session never
     * joins the index, so it reports no events). Where the registry cannot be reached the session is admitted
     * locally, as any login then is. A connection that closed while its route was registered is taken out again.
     */
    private CompletionStage<Void> registerLimited(Session session) {
        ConnectionRoute route = session.route();
        CompletionStage<Registration> registration = cluster.routes().add(route, limit);
        session.registered(registration.handle((r, e) -> null));
        return registration.handleAsync((registered, e) -> {
            if (e != null) {
                sessions.add(session);
                throw new CompletionException(e);
            }
            if (!registered.admitted()) {
                throw new UserLimitException(limit.max());
            }
            registered.replaced().forEach(replaced -> cluster.router().replaceConnection(replaced.conn())
                    .whenComplete((n, failed) -> {
                        if (failed != null) {
                            log.debug("Could not close the replaced connection {}: {}", replaced.conn(),
                                    failed.toString());
                        }
                    }));
            if (!session.channel().isActive()) {
                // Closed meanwhile: its close found it in no index and removed no route; this does.
                cluster.routes().remove(route);
                throw new CompletionException(new ClosedChannelException());
            }
            sessions.add(session);
            return (Void) null;
        }, session.loop());
    }

    /** Whether a login ends without the session: the limit refused it, or it closed while it was registered. */
    private static boolean notLoggedIn(Throwable e) {
        Throwable cause = unwrap(e);
        return cause instanceof UserLimitException || cause instanceof ClosedChannelException;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Reads the positions, the replay and the stored pushes in one round trip, and puts them together. */
    private static CompletionStage<Recovery> recovery(StreamStore store, String uid, Set<String> groups,
                                                      Map<String, StreamPosition> since) {
        List<String> receives = new ArrayList<>(2 + groups.size());
        receives.add(PushMessage.userStream(uid));
        receives.add(PushMessage.ALL_STREAM);
        groups.forEach(group -> receives.add(PushMessage.groupStream(group)));
        List<String> lost = new ArrayList<>();
        Map<String, StreamPosition> asked = new LinkedHashMap<>();
        since.forEach((stream, position) -> {
            if (receives.contains(stream) && store.streamsOn()) {
                asked.put(stream, position);
            } else {
                lost.add(stream);
            }
        });
        CompletableFuture<List<StreamStore.Entry>> stored = store.stored(uid).toCompletableFuture();
        if (!store.streamsOn()) {
            return stored.thenApply(entries -> new Recovery(null, lost.isEmpty(), lost, entries, List.of(),
                    ids(entries)));
        }
        List<String> current = new ArrayList<>(receives);
        current.removeAll(asked.keySet());
        CompletableFuture<Map<String, StreamPosition>> positions = store.positions(current).toCompletableFuture();
        CompletableFuture<Map<String, StreamStore.Replay>> replays = asked.isEmpty()
                ? CompletableFuture.completedFuture(Map.of()) : store.replay(asked).toCompletableFuture();
        return CompletableFuture.allOf(stored, positions, replays).thenApply(v -> {
            Map<String, StreamPosition> now = new LinkedHashMap<>(positions.join());
            List<StreamStore.Entry> replayed = new ArrayList<>();
            replays.join().forEach((stream, replay) -> {
                now.put(stream, replay.now());
                replayed.addAll(replay.pushes());
                if (!replay.complete()) {
                    lost.add(stream);
                }
            });
            return new Recovery(now, lost.isEmpty(), lost, storedFirst(stored.join(), replayed,
                    now.get(PushMessage.userStream(uid))), replayed, ids(stored.join()));
        });
    }

    /**
     * The stored pushes to send before the replay: those it does not carry, and not those accepted after the
     * positions were read (they arrive live, held until the replay is out).
     */
    private static List<StreamStore.Entry> storedFirst(List<StreamStore.Entry> stored, List<StreamStore.Entry> replayed,
                                                       StreamPosition userStream) {
        Set<String> replayedIds = ids(replayed);
        List<StreamStore.Entry> first = new ArrayList<>(stored.size());
        for (StreamStore.Entry entry : stored) {
            boolean arrivesLive = userStream != null && entry.seq() > userStream.seq();
            if (!replayedIds.contains(entry.id()) && !arrivesLive) {
                first.add(entry);
            }
        }
        return first;
    }

    private static Set<String> ids(List<StreamStore.Entry> entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(entry -> ids.add(entry.id()));
        return ids;
    }

    /** What the logins recovered, for the node's metrics. */
    public RecoveryCounts recoveries() {
        return recoveries;
    }

    /** The close codes of the logged-in connections that ended, for the node's metrics. */
    public CloseCounts closes() {
        return closes;
    }

    /** Logs a closed session out; its route is removed once its registration is done. */
    public void closed(Session session) {
        session.release();
        if (!sessions.remove(session)) {
            return;
        }
        closes.closed(session.end().code());
        ConnectionRoute route = session.route();
        session.registered()
                .thenCompose(v -> cluster.routes().remove(route))
                .whenComplete((removed, e) -> {
                    if (e != null) {
                        log.warn("Could not remove the route of {}", session, e);
                    }
                });
    }
}
