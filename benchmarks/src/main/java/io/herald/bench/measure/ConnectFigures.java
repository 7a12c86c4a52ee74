package io.herald.bench.measure;

import java.util.Map;

/**
 * Opening and logging in the connections.
 *
 * @param target                    connections asked for
 * @param ready                     logged in (and joined their group), or against nchan upgraded
 * @param failed                    failed before that
 * @param failures                  failures by reason
 * @param closed                    closed by the node after they were ready, during the whole run
 * @param closes                    closes by reason
 * @param seconds                   from the first connect to the last one settled
 * @param perSecond                 ready connections per second
 * @param latencyMicros             from connect to login (or join) answered, or the upgrade done, per connection
 * @param serverCpuMicrosPerConnect the node's CPU time per ready connection
 * @param clientCpuMicrosPerConnect this process's CPU time per ready connection
 * @param serverRssKiBPerConnection the node's resident memory growth per ready connection, sampled once all
 *                                  were ready (for {@code connect}: at the end of the hold)
 */
public record ConnectFigures(int target, long ready, long failed, Map<String, Long> failures, long closed,
                             Map<String, Long> closes, double seconds, double perSecond,
                             LatencySummary latencyMicros, Double serverCpuMicrosPerConnect,
                             Double clientCpuMicrosPerConnect, Double serverRssKiBPerConnection) {

    /** The same figures with the closes counted until the end of the run. */
    public ConnectFigures withCloses(long closedByEnd, Map<String, Long> closesByEnd) {
        return new ConnectFigures(target, ready, failed, failures, closedByEnd, closesByEnd, seconds, perSecond,
                latencyMicros, serverCpuMicrosPerConnect, clientCpuMicrosPerConnect, serverRssKiBPerConnection);
    }
}
