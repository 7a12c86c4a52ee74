package io.herald.gateway.session;

import io.herald.codec.CloseCode;
import io.herald.route.ConnectionRoute;
import io.herald.route.LocalNode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * This node as the cluster sees it: delivery to and kicks of the sessions in the {@link SessionIndex}.
 * Called from any thread; every write and close is handed to its connection's event loop, and a delivery's
 * stage completes once they have been written (see {@link Fanout}).
 */
public final class GatewayNode implements LocalNode {

    private static final CompletionStage<Integer> NOBODY = CompletableFuture.completedStage(0);

    private final String id;
    private final Supplier<String> address;
    private final SessionIndex sessions;
    private final LoopFlusher flusher = new LoopFlusher();

    /**
     * @param address where other nodes reach the API port; a supplier, because it is known once bound
     */
    public GatewayNode(String id, Supplier<String> address, SessionIndex sessions) {
        this.id = id;
        this.address = address;
        this.sessions = sessions;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String address() {
        return address.get();
    }

    @Override
    public int connectionCount() {
        return sessions.size();
    }

    @Override
    public List<ConnectionRoute> localRoutes() {
        List<ConnectionRoute> routes = new ArrayList<>(sessions.size());
        for (Session session : sessions.all()) {
            routes.add(session.route());
        }
        return routes;
    }

    @Override
    public Collection<String> localUsers() {
        return List.copyOf(sessions.userIds());
    }

    @Override
    public CompletionStage<Integer> deliverToUsers(Collection<String> uids, ByteBuf frame) {
        Fanout fanout = new Fanout(flusher);
        for (String uid : uids) {
            for (Session session : sessions.sessionsOf(uid)) {
                fanout.add(session);
            }
        }
        return send(fanout, frame);
    }

    @Override
    public CompletionStage<Integer> deliverToConnection(String conn, ByteBuf frame) {
        Session session = sessions.connection(conn);
        Fanout fanout = new Fanout(flusher);
        if (session != null) {
            fanout.add(session);
        }
        return send(fanout, frame);
    }

    @Override
    public CompletionStage<Integer> deliverToGroup(String group, ByteBuf frame) {
        Fanout fanout = new Fanout(flusher);
        sessions.forEachInGroup(group, fanout::add);
        return send(fanout, frame);
    }

    @Override
    public CompletionStage<Integer> deliverToAll(ByteBuf frame) {
        Fanout fanout = new Fanout(flusher);
        for (Session session : sessions.all()) {
            fanout.add(session);
        }
        return send(fanout, frame);
    }

    /**
     * Frames the message once for the wire, when anyone is to get it, and hands it out. The wire frame is a
     * copy, made here: the caller may release {@code frame} as soon as this returns.
     */
    private static CompletionStage<Integer> send(Fanout fanout, ByteBuf frame) {
        return fanout.count() == 0 ? NOBODY : fanout.send(WebSocketWire.text(frame));
    }

    @Override
    public void joinLocal(String group, String uid) {
        sessions.join(group, uid);
    }

    @Override
    public void leaveLocal(String group, String uid) {
        sessions.leave(group, uid);
    }

    @Override
    public int kickUser(String uid) {
        List<Session> kicked = sessions.sessionsOf(uid);
        kicked.forEach(GatewayNode::kick);
        return kicked.size();
    }

    @Override
    public int kickConnection(String conn) {
        Session session = sessions.connection(conn);
        if (session == null) {
            return 0;
        }
        kick(session);
        return 1;
    }

    /** Closes a session with 4003, on its loop: kicks come from the API's loops and from relays. */
    private static void kick(Session session) {
        session.loop().execute(() -> session.close(CloseCode.KICKED));
    }
}
