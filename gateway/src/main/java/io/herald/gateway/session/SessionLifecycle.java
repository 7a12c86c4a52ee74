package io.herald.gateway.session;

import io.herald.gateway.auth.TokenClaims;
import io.herald.route.Cluster;
import io.herald.route.ConnectionRoute;
import io.herald.route.RouteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    public SessionLifecycle(String nodeId, SessionIndex sessions, Cluster cluster) {
        this.nodeId = nodeId;
        this.sessions = sessions;
        this.cluster = cluster;
    }

    /**
     * Logs a session in: into the local index at once (so pushes reach it), then into the registry, then
     * into the user's groups. The session joins the index before the groups are read, so a join that lands
     * in between is seen either by the read or by the index. Where the registry cannot be reached the login
     * still succeeds locally: the cluster registers the connection and reads its groups once it is back.
     */
    public CompletionStage<Void> logIn(Session session, TokenClaims claims, String device) {
        session.logIn(claims, device, nodeId);
        sessions.add(session);
        RouteRegistry routes = cluster.routes();
        CompletionStage<Void> registered = routes.add(session.route());
        session.registered(registered.exceptionally(e -> null));
        String uid = claims.uid();
        return registered
                .thenCompose(v -> routes.groups(uid))
                .thenAcceptAsync(groups -> groups.forEach(group -> sessions.join(group, uid)), session.loop())
                .exceptionally(e -> {
                    log.debug("{} logged in locally only, the registry is unreachable: {}", session, e.toString());
                    return null;
                });
    }

    /** Logs a closed session out; its route is removed once its registration is done. */
    public void closed(Session session) {
        if (!sessions.remove(session)) {
            return;
        }
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
