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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * This node as the cluster sees it: delivery to and kicks of the sessions in the {@link SessionIndex}.
 * Called from any thread; every write and close is handed to its connection's event loop, and a delivery's
 * stage completes once they have been written (see {@link Fanout}).
 */
public final class GatewayNode implements LocalNode {

    private static final CompletionStage<Delivered> NOBODY = CompletableFuture.completedStage(Delivered.NONE);
    private static final CompletionStage<Void> JOINED = CompletableFuture.completedStage(null);

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

    /**
     * Puts the user in the group here, then has each of its connections here read where it starts in the group's
     * stream ({@link Session#joined}); completes once all have. Whoever made the join answers only then, so that a
     * push made after the answer is past every one of those places and reaches every connection. A user in the
     * group already changes nothing and completes at once.
     */
    @Override
    public CompletionStage<Void> joinLocal(String group, String uid) {
        if (!sessions.join(group, uid)) {
            return JOINED;
        }
        String stream = PushMessage.groupStream(group);
        List<Session> members = sessions.sessionsOf(uid);
        CompletableFuture<?>[] positioned = new CompletableFuture<?>[members.size()];
        for (int i = 0; i < positioned.length; i++) {
            Session session = members.get(i);
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (!onLoop(session, () -> session.joined(stream).whenComplete((v, e) -> done.complete(null)))) {
                done.complete(null);
            }
            positioned[i] = done;
        }
        return CompletableFuture.allOf(positioned);
    }

    @Override
    public void leaveLocal(String group, String uid) {
        if (sessions.leave(group, uid)) {
            String stream = PushMessage.groupStream(group);
            for (Session session : sessions.sessionsOf(uid)) {
                onLoop(session, () -> session.left(stream));
            }
        }
    }

    /**
     * Runs {@code work} on the session's loop: at once where this is that loop (the connection's own {@code join}
     * command, which a node alone then answers before the connection's next command runs), else as a task, so that
     * a join and a leave reach the connection in the order they were made. Returns false where the loop refused the
     * task: it is shutting down, and its connections are closing.
     */
    private static boolean onLoop(Session session, Runnable work) {
        EventLoop loop = session.loop();
        if (loop.inEventLoop()) {
            work.run();
            return true;
        }
        try {
            loop.execute(work);
            return true;
        } catch (RejectedExecutionException rejected) {
            return false;
        }
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
