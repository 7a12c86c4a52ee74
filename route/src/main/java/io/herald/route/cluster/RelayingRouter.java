package io.herald.route.cluster;

import io.herald.route.AcceptedRoutes;
import io.herald.route.ConnectionRoute;
import io.herald.route.Delivered;
import io.herald.route.Delivery;
import io.herald.route.LocalNode;
import io.herald.route.NodeInfo;
import io.herald.route.NodeRegistry;
import io.herald.route.RouteRegistry;
import io.herald.route.Router;
import io.herald.route.UniqueIds;
import io.herald.route.relay.Relay;
import io.herald.route.relay.RelayOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The router of a node in a cluster. Local delivery first, handed to the local loops at once; then the registry
 * says which other nodes hold the target, and each gets one relay operation (batched with whatever else is
 * bound there). Group pushes and broadcasts go once to every live node, never once per member, and read the
 * live nodes afresh, so that a node listed as alive before the push was accepted gets it. A push completes when
 * the local loops have written the frame and every relay has answered (each after its own node's loops wrote
 * it), with the sum of their counts. Where the registry cannot be read, the local part still counts and the
 * call still answers.
 *
 * <p>A push to users reads their routes where the stream store already read them, in the step that gave the push
 * its seq ({@link AcceptedRoutes}: no round trip of its own, and no cache), and the registry's for the others.
 */
public final class RelayingRouter implements Router {

    private static final Logger log = LoggerFactory.getLogger(RelayingRouter.class);

    private static final CompletionStage<Delivered> NONE = CompletableFuture.completedStage(Delivered.NONE);

    private final LocalNode node;
    private final RouteRegistry routes;
    private final NodeRegistry nodes;
    private final Relay relay;
    private final AcceptedRoutes accepted;

    public RelayingRouter(LocalNode node, RouteRegistry routes, NodeRegistry nodes, Relay relay) {
        this(node, routes, nodes, relay, AcceptedRoutes.NONE);
    }

    /** @param accepted the routes the stream store read with each push to a user */
    public RelayingRouter(LocalNode node, RouteRegistry routes, NodeRegistry nodes, Relay relay,
                          AcceptedRoutes accepted) {
        this.node = node;
        this.routes = routes;
        this.nodes = nodes;
        this.relay = relay;
        this.accepted = accepted;
    }

    @Override
    public CompletionStage<Delivered> pushToUsers(Map<String, Delivery> byUser) {
        CompletionStage<Delivered> local = node.deliverToUsers(byUser);
        return remote(routesOf(byUser), local, usersByAddress -> {
            List<CompletableFuture<Delivered>> parts = new ArrayList<>();
            usersByAddress.forEach((address, users) -> {
                // Users that share one push travel in one op: a uids push without streams is one frame for all.
                Map<Delivery, List<String>> byDelivery = new IdentityHashMap<>();
                for (String uid : users) {
                    byDelivery.computeIfAbsent(byUser.get(uid), d -> new ArrayList<>()).add(uid);
                }
                byDelivery.forEach((delivery, uids) -> parts.add(relay.submit(address,
                        new RelayOp.ToUsers(List.copyOf(uids), delivery.withFrame(delivery.frame().retainedDuplicate())))));
            });
            return parts;
        });
    }

    /** The users' routes: those their pushes' accepts read, and the registry's for the others. */
    private CompletionStage<Map<String, List<ConnectionRoute>>> routesOf(Map<String, Delivery> byUser) {
        Map<String, List<ConnectionRoute>> read = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        byUser.forEach((uid, delivery) -> {
            List<ConnectionRoute> userRoutes = delivery.position() == null ? null
                    : accepted.take(delivery.stream(), delivery.position());
            if (userRoutes == null) {
                unread.add(uid);
            } else {
                read.put(uid, userRoutes);
            }
        });
        if (unread.isEmpty()) {
            return CompletableFuture.completedFuture(read);
        }
        if (read.isEmpty()) {
            return routes.connections(unread);
        }
        return routes.connections(unread).thenApply(more -> {
            read.putAll(more);
            return read;
        });
    }

    @Override
    public CompletionStage<Delivered> pushToConnection(String conn, Delivery delivery) {
        return addressOf(UniqueIds.nodeOf(conn)).thenCompose(address -> address == null
                ? node.deliverToConnection(conn, delivery)
                : relay.submit(address, new RelayOp.ToConnection(conn, retained(delivery))));
    }

    @Override
    public CompletionStage<Delivered> pushToGroup(String group, Delivery delivery) {
        CompletionStage<Delivered> local = node.deliverToGroup(group, delivery);
        return everyOtherNode(local, () -> new RelayOp.ToGroup(group, retained(delivery)));
    }

    @Override
    public CompletionStage<Delivered> pushToAll(Delivery delivery) {
        CompletionStage<Delivered> local = node.deliverToAll(delivery);
        return everyOtherNode(local, () -> new RelayOp.ToAll(retained(delivery)));
    }

    private static Delivery retained(Delivery delivery) {
        return delivery.withFrame(delivery.frame().retainedDuplicate());
    }

    @Override
    public CompletionStage<Boolean> join(String group, String uid) {
        // Answered once the user's connections here and on the other nodes know where they start in the group's
        // stream (each node answers its relayed join only then).
        return routes.join(group, uid).thenCompose(added -> node.joinLocal(group, uid)
                .thenCombine(toNodesOf(uid, () -> new RelayOp.Join(group, uid)), (v, relayed) -> added));
    }

    @Override
    public CompletionStage<Boolean> leave(String group, String uid) {
        return routes.leave(group, uid).thenCompose(removed -> {
            node.leaveLocal(group, uid);
            return toNodesOf(uid, () -> new RelayOp.Leave(group, uid)).thenApply(n -> removed);
        });
    }

    @Override
    public CompletionStage<Integer> kickUser(String uid) {
        int local = node.kickUser(uid);
        return toNodesOf(uid, () -> new RelayOp.KickUser(uid)).thenApply(remote -> local + remote.written());
    }

    @Override
    public CompletionStage<Integer> kickConnection(String conn) {
        return addressOf(UniqueIds.nodeOf(conn)).thenCompose(address -> address == null
                ? CompletableFuture.completedFuture(node.kickConnection(conn))
                : relay.submit(address, new RelayOp.KickConnection(conn)).thenApply(Delivered::written));
    }

    @Override
    public CompletionStage<Integer> replaceConnection(String conn) {
        return addressOf(UniqueIds.nodeOf(conn)).thenCompose(address -> address == null
                ? CompletableFuture.completedFuture(node.replaceConnection(conn))
                : relay.submit(address, new RelayOp.ReplaceConnection(conn)).thenApply(Delivered::written));
    }

    /**
     * The address of the node a connection id names: from the last heartbeat's view where it knows the node,
     * else from the live nodes read again (the node may have joined since). Completes with {@code null} for
     * this node, and for a node that is not alive or where the registry cannot be read.
     */
    private CompletionStage<String> addressOf(String nodeId) {
        if (nodeId == null || nodeId.equals(node.id())) {
            return CompletableFuture.completedFuture(null);
        }
        String known = remoteAddress(nodeId);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return nodes.nodes().thenApply(live -> remoteAddress(nodeId)).exceptionally(e -> null);
    }

    /** Sends an operation to every other node that holds a connection of the user. */
    private CompletionStage<Delivered> toNodesOf(String uid, Supplier<RelayOp> op) {
        return remote(routes.connections(List.of(uid)), NONE, usersByAddress -> {
            List<CompletableFuture<Delivered>> parts = new ArrayList<>();
            usersByAddress.keySet().forEach(address -> parts.add(relay.submit(address, op.get())));
            return parts;
        });
    }

    /**
     * Sends an operation to every other live node, read afresh (the view of the last heartbeat where the
     * registry cannot be read), and adds what they did to {@code local}.
     */
    private CompletionStage<Delivered> everyOtherNode(CompletionStage<Delivered> local, Supplier<RelayOp> op) {
        CompletionStage<Delivered> relayed = nodes.nodes()
                .exceptionally(e -> List.copyOf(nodes.aliveNodes().values()))
                .thenCompose(live -> {
                    List<CompletableFuture<Delivered>> parts = new ArrayList<>();
                    for (NodeInfo other : live) {
                        if (!other.id().equals(node.id())) {
                            parts.add(relay.submit(other.address(), op.get()));
                        }
                    }
                    return sum(NONE, parts);
                });
        return local.thenCombine(relayed, Delivered::plus);
    }

    /**
     * Groups the users' routes by the address of the other node that holds them, hands that to {@code send},
     * and adds what the relays did to {@code local}. Where the registry cannot be read, answers {@code local}
     * alone.
     */
    private CompletionStage<Delivered> remote(CompletionStage<Map<String, List<ConnectionRoute>>> lookup,
                                              CompletionStage<Delivered> local,
                                              Function<Map<String, List<String>>, List<CompletableFuture<Delivered>>> send) {
        CompletionStage<Delivered> relayed = lookup.thenCompose(byUser -> {
            Map<String, List<String>> usersByAddress = new LinkedHashMap<>();
            for (List<ConnectionRoute> userRoutes : byUser.values()) {
                for (ConnectionRoute route : userRoutes) {
                    String address = remoteAddress(route.node());
                    if (address != null) {
                        List<String> users = usersByAddress.computeIfAbsent(address, a -> new ArrayList<>());
                        if (!users.contains(route.uid())) {
                            users.add(route.uid());
                        }
                    }
                }
            }
            return sum(NONE, send.apply(usersByAddress));
        }).exceptionally(e -> {
            log.debug("Routes unreadable, delivered locally only: {}", e.toString());
            return Delivered.NONE;
        });
        return local.thenCombine(relayed, Delivered::plus);
    }

    /** The address of another live node, or {@code null} for this node, an unknown one or a dead one. */
    private String remoteAddress(String nodeId) {
        if (nodeId == null || nodeId.equals(node.id())) {
            return null;
        }
        NodeInfo info = nodes.aliveNodes().get(nodeId);
        return info == null ? null : info.address();
    }

    /** Completes with {@code local} plus every part, once all have completed. */
    private static CompletionStage<Delivered> sum(CompletionStage<Delivered> local,
                                                  List<CompletableFuture<Delivered>> parts) {
        if (parts.isEmpty()) {
            return local;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
        return local.thenCombine(all, (n, v) -> {
            Delivered total = n;
            for (CompletableFuture<Delivered> part : parts) {
                total = total.plus(part.join());
            }
            return total;
        });
    }
}
