/**
 * The cluster's stores in Redis ({@link io.herald.route.redis.RedisStores}): the registries of nodes, routes,
 * groups and message ids. Jedis is blocking, so every call runs on {@link io.herald.route.redis.RedisExecutor}'s
 * bounded pool and returns a stage; callers hop back to their own event loop. What every push does (its dedupe
 * check, its stream accept, its route read) goes on one shared pipeline, {@code Pipeliner}, so that the pushes in
 * flight share round trips.
 *
 * <h2>Keys</h2>
 * Under one prefix (default {@code herald:}), each with a hash tag so that the keys one command or script
 * touches share a slot on Redis Cluster:
 * <ul>
 *   <li>{@code herald:{u:UID}:conns}: hash, connection id to {@code node TAB device}; the user's routes,
 *       with a TTL the nodes that hold them keep refreshing;</li>
 *   <li>{@code herald:{u:UID}:groups}: set of the user's groups;</li>
 *   <li>{@code herald:{g:GROUP}:members}: set of the group's users;</li>
 *   <li>{@code herald:{nodes}:alive}: sorted set, node id scored by when it expires (ms);</li>
 *   <li>{@code herald:{nodes}:info}: hash, node id to {@code address TAB connections};</li>
 *   <li>{@code herald:{m:ID}}: a message id seen within the dedupe window.</li>
 * </ul>
 * A route counts only while its node is alive, so the routes of a node that died stop counting when the node
 * drops out of the alive set, and are deleted when someone reads them, or expire.
 */
package io.herald.route.redis;
