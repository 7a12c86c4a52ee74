package io.herald.route;

/**
 * One connection of a user, and the node that holds it.
 *
 * @param uid    the user
 * @param conn   the connection id, unique across the cluster
 * @param node   the id of the node that holds the connection
 * @param device the device the client named at login, or {@code null}
 */
public record ConnectionRoute(String uid, String conn, String node, String device) {
}
