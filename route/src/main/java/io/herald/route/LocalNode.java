package io.herald.route;

import io.netty.buffer.ByteBuf;

import java.util.Collection;
import java.util.List;

/**
 * What the cluster needs of the node it runs in: who it is, and delivery to the connections it holds.
 * Implemented by the gateway. Every method may be called from any thread and never blocks: writes are handed
 * to the connections' event loops. Delivery methods write a retained duplicate of {@code frame} to each
 * connection; the caller keeps its own reference.
 */
public interface LocalNode {

    String id();

    /** Where other nodes reach this node's API port, {@code host:port}. */
    String address();

    /** How many logged-in connections this node holds. */
    int connectionCount();

    /** The routes of every logged-in local connection, to register them again after Redis was lost. */
    List<ConnectionRoute> localRoutes();

    /** Every user with a logged-in local connection. */
    Collection<String> localUsers();

    /** Writes the frame to every local connection of these users; returns how many connections were written. */
    int deliverToUsers(Collection<String> uids, ByteBuf frame);

    /** Writes the frame to one local connection; returns 1 where it is here and open, else 0. */
    int deliverToConnection(String conn, ByteBuf frame);

    /** Writes the frame to every local connection of the group's members. */
    int deliverToGroup(String group, ByteBuf frame);

    /** Writes the frame to every logged-in local connection. */
    int deliverToAll(ByteBuf frame);

    /** Adds a user who has connections here to a group, so that group pushes reach them. */
    void joinLocal(String group, String uid);

    /** Removes a user from a group locally. */
    void leaveLocal(String group, String uid);

    /** Closes every local connection of the user with 4003; returns how many. */
    int kickUser(String uid);

    /** Closes one local connection with 4003; returns 1 where it was here. */
    int kickConnection(String conn);
}
