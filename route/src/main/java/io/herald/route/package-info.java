/**
 * The cluster: which nodes are alive, which node holds which user's connections, which users are in which
 * group, which message ids were seen, and routing a push to the node that holds its target. The node
 * itself is reached only through {@link io.herald.route.LocalNode}, which this package defines and the
 * gateway implements. Each registry has an in-memory implementation for a node that runs alone.
 */
package io.herald.route;
