package io.herald.route;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Delivers an encoded push frame to its target wherever the target is connected: locally first, on other
 * nodes through the cluster. Each stage completes with how many connections were written. The caller keeps
 * ownership of {@code frame} and may release it once the stage completes.
 */
public interface Router {

    CompletionStage<Integer> pushToUsers(List<String> uids, ByteBuf frame);

    CompletionStage<Integer> pushToConnection(String conn, ByteBuf frame);

    CompletionStage<Integer> pushToGroup(String group, ByteBuf frame);

    CompletionStage<Integer> pushToAll(ByteBuf frame);

    /** Adds a user to a group in the registry and on every node that holds its connections. */
    CompletionStage<Boolean> join(String group, String uid);

    /** Removes a user from a group in the registry and on every node that holds its connections. */
    CompletionStage<Boolean> leave(String group, String uid);

    /** Closes every connection of a user with 4003; completes with how many were closed. */
    CompletionStage<Integer> kickUser(String uid);

    /** Closes one connection with 4003. */
    CompletionStage<Integer> kickConnection(String conn);
}
