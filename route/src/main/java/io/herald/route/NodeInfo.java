package io.herald.route;

/**
 * A live node of the cluster.
 *
 * @param id          the node id
 * @param address     where other nodes reach its API port, {@code host:port}
 * @param connections how many logged-in connections it holds
 */
public record NodeInfo(String id, String address, int connections) {
}
