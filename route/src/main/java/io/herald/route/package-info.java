/**
 * The cluster: which nodes are alive, which node holds which user's connections, which users are in which
 * group, which message ids were seen, and routing a push to the node that holds its target. The node
 * itself is reached only through {@link io.herald.route.LocalNode}, which this package defines and the
 * gateway implements.
 *
 * <h2>Packages</h2>
 * This package holds the contracts ({@link io.herald.route.Cluster}, {@link io.herald.route.Router}, the
 * registries and {@link io.herald.route.ClusterStores}), the one {@link io.herald.route.ClusterConfig}, and an
 * in-memory implementation of each registry (for a node alone and for unit tests of the cluster logic); it
 * imports none of the others. They build on it, each importing only this package and those before it in
 * this list:
 * <ul>
 *   <li>{@code http}: the pooled HTTP client on the node's loops;</li>
 *   <li>{@code relay}: relay operations, their wire format and the client that sends them;</li>
 *   <li>{@code cluster}: the cluster logic, over the interfaces only: the relaying router and the node's
 *       membership ({@link io.herald.route.cluster.SharedCluster});</li>
 *   <li>{@code redis}: the stores in Redis.</li>
 * </ul>
 */
package io.herald.route;
