package io.herald.gateway.session;

import io.herald.codec.CloseCode;
import io.herald.codec.PushMessage;
import io.herald.route.ConnectionRoute;
import io.herald.route.LocalNode;
import io.herald.route.Delivered;
import io.herald.route.Delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * This node as the cluster sees it: delivery to and kicks of the sessions in the {@link SessionIndex}.
 * Called from any thread; every write and close is handed to its connection's event loop, and a delivery's
 * stage completes once they have been written (see {@link Fanout}).
 */
public final class GatewayNode implements LocalNode {

    private static final CompletionStage<Delivered> NOBODY = CompletableFuture.completedStage(Delivered.NONE);

    private final String id;
    private final Supplier<String> address;
    private final SessionIndex sessions;
    private final StreamOrder order;
    /** Frames written to connections, added once per loop per push (see {@link Fanout}), for the node's metrics. */
    private final LongAdder deliveries = new LongAdder();

    /**
     * @param address where other nodes reach the API port; a supplier, because it is known once bound
     * @param timers  where the node times how long a push of a fan-out stream waits for one missing before it
     */
    public GatewayNode(String id, Supplier<String> address, SessionIndex sessions, EventExecutorGroup timers) {
        this.id = id;
        this.address = address;
        this.sessions = sessions;
        this.order = new StreamOrder(timers);
    }

    /** How many frames of pushes the node wrote to its connections since it started. */
    public long deliveries() {
        return deliveries.sum();
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
    public CompletionStage<Delivered> deliverToUsers(Map<String, Delivery> byUser) {
        Fanout fanout = new Fanout(deliveries);
        byUser.forEach((uid, delivery) -> {
            for (Session session : sessions.sessionsOf(uid)) {
                fanout.add(session, delivery);
            }
        });
        return send(fanout);
    }

    @Override
    public CompletionStage<Delivered> deliverToConnection(String conn, Delivery delivery) {
        Session session = sessions.connection(conn);
        Fanout fanout = new Fanout(deliveries);
        if (session != null) {
            fanout.add(session, delivery);
        }
        return send(fanout);
    }

    @Override
    public CompletionStage<Delivered> deliverToGroup(String group, Delivery delivery) {
        Fanout fanout = new Fanout(deliveries);
        sessions.forEachInGroup(group, session -> fanout.add(session, delivery));
        fanout.frame();
        return order.inOrder(delivery, () -> send(fanout));
    }

    @Override
    public CompletionStage<Delivered> deliverToAll(Delivery delivery) {
        Fanout fanout = new Fanout(deliveries);
        for (Session session : sessions.all()) {
            fanout.add(session, delivery);
        }
        fanout.frame();
        return order.inOrder(delivery, () -> send(fanout));
    }

    /** Forgets what it no longer needs to order pushes; the node's periodic housekeeping. */
    public void housekeeping() {
        order.forgetIdle();
    }

    /**
     * Hands the push out, when anyone is to get it. The wire frames are copies, made before any wait: the caller
     * may release its deliveries' frames as soon as the delivery method returns.
     */
    private static CompletionStage<Delivered> send(Fanout fanout) {
        return fanout.count() == 0 ? NOBODY : fanout.send();
    }

    @Override
    public void joinLocal(String group, String uid) {
        if (sessions.join(group, uid)) {
            String stream = PushMessage.groupStream(group);
            for (Session session : sessions.sessionsOf(uid)) {
                session.loop().execute(() -> session.joined(stream));
            }
        }
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

    @Override
    public int replaceConnection(String conn) {
        Session session = sessions.connection(conn);
        if (session == null) {
            return 0;
        }
        // From a login on another loop, or a relay: the close is the session's own loop's to make.
        session.loop().execute(() -> session.close(CloseCode.REPLACED));
        return 1;
    }

    /** Closes a session with 4003, on its loop: kicks come from the API's loops and from relays. */
    private static void kick(Session session) {
        session.loop().execute(() -> session.close(CloseCode.KICKED));
    }
}
