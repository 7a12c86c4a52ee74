package io.herald.route;

import io.netty.buffer.ByteBuf;

import java.util.List;
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
    public CompletionStage<Integer> pushToUsers(List<String> uids, ByteBuf frame) {
        return node.deliverToUsers(uids, frame);
    }

    @Override
    public CompletionStage<Integer> pushToConnection(String conn, ByteBuf frame) {
        return node.deliverToConnection(conn, frame);
    }

    @Override
    public CompletionStage<Integer> pushToGroup(String group, ByteBuf frame) {
        return node.deliverToGroup(group, frame);
    }

    @Override
    public CompletionStage<Integer> pushToAll(ByteBuf frame) {
        return node.deliverToAll(frame);
    }

    @Override
    public CompletionStage<Boolean> join(String group, String uid) {
        // Registry first, then the node: a login that reads the registry after this sees the group, and one
        // that read it before is already in the node's index, where joinLocal finds it.
        return routes.join(group, uid).thenApply(added -> {
            node.joinLocal(group, uid);
            return added;
        });
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
}
