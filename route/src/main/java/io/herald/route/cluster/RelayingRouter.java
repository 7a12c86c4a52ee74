package io.herald.route.cluster;

import io.herald.route.ConnectionRoute;
import io.herald.route.LocalNode;
import io.herald.route.NodeInfo;
import io.herald.route.NodeRegistry;
import io.herald.route.RouteRegistry;
import io.herald.route.Router;
import io.herald.route.UniqueIds;
import io.herald.route.relay.Relay;
import io.herald.route.relay.RelayOp;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The router of a node in a cluster. Local delivery first, handed to the local loops at once; then the registry
 * says which other nodes hold the target, and each gets one relay operation (batched with whatever else is
 * bound there). Group pushes and broadcasts go once to every live node, never once per member. A push
 * completes when the local loops have written the frame and every relay has answered (each after its own
 * node's loops wrote it), with the sum of their counts. Where the registry cannot be read, the local part still
 * counts and the call still answers.
 */
public final class RelayingRouter implements Router {

    private static final Logger log = LoggerFactory.getLogger(RelayingRouter.class);

    private static final CompletionStage<Integer> NONE = CompletableFuture.completedStage(0);

    private final LocalNode node;
    private final RouteRegistry routes;
    private final NodeRegistry nodes;
    private final Relay relay;

    public RelayingRouter(LocalNode node, RouteRegistry routes, NodeRegistry nodes, Relay relay) {
        this.node = node;
        this.routes = routes;
        this.nodes = nodes;
        this.relay = relay;
    }

    @Override
    public CompletionStage<Integer> pushToUsers(List<String> uids, ByteBuf frame) {
        CompletionStage<Integer> local = node.deliverToUsers(uids, frame);
        return remote(routes.connections(uids), local, byNode -> {
            List<CompletableFuture<Integer>> parts = new ArrayList<>();
            byNode.forEach((address, users) ->
                    parts.add(relay.submit(address, new RelayOp.ToUsers(List.copyOf(users), frame.retainedDuplicate()))));
            return parts;
        });
    }

    @Override
    public CompletionStage<Integer> pushToConnection(String conn, ByteBuf frame) {
        return addressOf(UniqueIds.nodeOf(conn)).thenCompose(address -> address == null
                ? node.deliverToConnection(conn, frame)
                : relay.submit(address, new RelayOp.ToConnection(conn, frame.retainedDuplicate())));
    }

    @Override
    public CompletionStage<Integer> pushToGroup(String group, ByteBuf frame) {
        CompletionStage<Integer> local = node.deliverToGroup(group, frame);
        return everyOtherNode(local, () -> new RelayOp.ToGroup(group, frame.retainedDuplicate()));
    }

    @Override
    public CompletionStage<Integer> pushToAll(ByteBuf frame) {
        CompletionStage<Integer> local = node.deliverToAll(frame);
        return everyOtherNode(local, () -> new RelayOp.ToAll(frame.retainedDuplicate()));
    }

    @Override
    public CompletionStage<Boolean> join(String group, String uid) {
        return routes.join(group, uid).thenCompose(added -> {
            node.joinLocal(group, uid);
            return toNodesOf(uid, () -> new RelayOp.Join(group, uid)).thenApply(n -> added);
        });
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
        return toNodesOf(uid, () -> new RelayOp.KickUser(uid)).thenApply(remote -> local + remote);
    }

    @Override
    public CompletionStage<Integer> kickConnection(String conn) {
        return addressOf(UniqueIds.nodeOf(conn)).thenCompose(address -> address == null
                ? CompletableFuture.completedFuture(node.kickConnection(conn))
                : relay.submit(address, new RelayOp.KickConnection(conn)));
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
    private CompletionStage<Integer> toNodesOf(String uid, Supplier<RelayOp> op) {
        return remote(routes.connections(List.of(uid)), NONE, byNode -> {
            List<CompletableFuture<Integer>> parts = new ArrayList<>();
            byNode.keySet().forEach(address -> parts.add(relay.submit(address, op.get())));
            return parts;
        });
    }

    private CompletionStage<Integer> everyOtherNode(CompletionStage<Integer> local,
                                                    Supplier<RelayOp> op) {
        List<CompletableFuture<Integer>> parts = new ArrayList<>();
        for (NodeInfo other : nodes.aliveNodes().values()) {
            if (!other.id().equals(node.id())) {
                parts.add(relay.submit(other.address(), op.get()));
            }
        }
        return sum(local, parts);
    }

    /**
     * Groups the users' routes by the address of the other node that holds them, hands that to {@code send},
     * and adds what the relays delivered to {@code local}. Where the registry cannot be read, answers
     * {@code local} alone.
     */
    private CompletionStage<Integer> remote(CompletionStage<Map<String, List<ConnectionRoute>>> lookup,
                                            CompletionStage<Integer> local,
                                            Function<Map<String, Set<String>>, List<CompletableFuture<Integer>>> send) {
        CompletionStage<Integer> relayed = lookup.thenCompose(byUser -> {
            Map<String, Set<String>> usersByAddress = new LinkedHashMap<>();
            for (List<ConnectionRoute> userRoutes : byUser.values()) {
                for (ConnectionRoute route : userRoutes) {
                    String address = remoteAddress(route.node());
                    if (address != null) {
                        usersByAddress.computeIfAbsent(address, a -> new LinkedHashSet<>()).add(route.uid());
                    }
                }
            }
            return sum(NONE, send.apply(usersByAddress));
        }).exceptionally(e -> {
            log.debug("Routes unreadable, delivered locally only: {}", e.toString());
            return 0;
        });
        return local.thenCombine(relayed, Integer::sum);
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
    private static CompletionStage<Integer> sum(CompletionStage<Integer> local,
                                                List<CompletableFuture<Integer>> parts) {
        if (parts.isEmpty()) {
            return local;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
        return local.thenCombine(all, (n, v) -> n + parts.stream().mapToInt(CompletableFuture::join).sum());
    }
}
