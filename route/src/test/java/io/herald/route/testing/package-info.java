/**
 * Real Redis for tests: {@link io.herald.route.testing.RedisProcess} (one server the test can stop, kill and
 * start again on the same port) and {@link io.herald.route.testing.RedisClusterProcess} (a three-master Redis
 * Cluster). The {@code redis-server} binary comes from the embedded-redis test dependency, so nothing is
 * installed by hand; it is extracted once per JVM and every process and folder is removed when the JVM exits.
 * Other modules use these classes through herald-route's test-jar.
 */
package io.herald.route.testing;
