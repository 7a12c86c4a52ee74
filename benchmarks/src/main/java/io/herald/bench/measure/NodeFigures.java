package io.herald.bench.measure;

/**
 * One node's costs in a run against several; the connection and push figures of the run add them up. Null where
 * not measured.
 *
 * @param node                 its API address, or its pid where only that was given
 * @param pid                  its process id
 * @param connections          the run's connections that logged in to it
 * @param cpuMicrosPerConnect  its CPU time per connection it took
 * @param rssKiBPerConnection  its resident memory growth per connection it holds
 * @param cpuMicrosPerDelivery its CPU time per delivery of the whole run (relays and deliveries alike)
 * @param cpuMicrosPerPush     its CPU time per push of the whole run
 */
public record NodeFigures(String node, long pid, long connections, Double cpuMicrosPerConnect,
                          Double rssKiBPerConnection, Double cpuMicrosPerDelivery, Double cpuMicrosPerPush) {
}
