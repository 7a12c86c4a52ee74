package io.herald.route;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The router of a node that runs alone: every target is local, so every call is a local delivery and the
 * registry is only kept in step for group membership.
 */
public final class LocalRouter implements Router {

    private final LocalNode node;
    private final RouteRegistry routes;

    public LocalRouter(LocalNode node, RouteRegistry routes) {
        this.node = node;
        this.routes = routes;
    }

    @Override
    public CompletionStage<Delivered> pushToUsers(Map<String, Delivery> byUser) {
        return node.deliverToUsers(byUser);
    }

    @Override
    public CompletionStage<Delivered> pushToConnection(String conn, Delivery delivery) {
        return node.deliverToConnection(conn, delivery);
    }

    @Override
    public CompletionStage<Delivered> pushToGroup(String group, Delivery delivery) {
        return node.deliverToGroup(group, delivery);
    }

    @Override
    public CompletionStage<Delivered> pushToAll(Delivery delivery) {
        return node.deliverToAll(delivery);
    }

    @Override
    public CompletionStage<Boolean> join(String group, String uid) {
        // Registry first, then the node: a login that reads the registry after this sees the group, and one
        // that read it before is already in the node's index, where joinLocal finds it. Answered once the user's
        // connections know where they start in the group's stream.
        return routes.join(group, uid).thenCompose(added -> node.joinLocal(group, uid).thenApply(v -> added));
    }

    @Override
    public CompletionStage<Boolean> leave(String group, String uid) {
        return routes.leave(group, uid).thenApply(removed -> {
            node.leaveLocal(group, uid);
            return removed;
        });
    }

    @Override
    public CompletionStage<Integer> kickUser(String uid) {
        return CompletableFuture.completedFuture(node.kickUser(uid));
    }

    @Override
    public CompletionStage<Integer> kickConnection(String conn) {
        return CompletableFuture.completedFuture(node.kickConnection(conn));
    }

    @Override
    public CompletionStage<Integer> replaceConnection(String conn) {
        return CompletableFuture.completedFuture(node.replaceConnection(conn));
    }
}
