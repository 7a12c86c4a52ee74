package io.herald.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run measured. CPU and memory figures are null where the node's process could not be sampled.
 *
 * @param scenario     the scenario's label
 * @param started      when the run began
 * @param settings     the run's settings, secrets left out
 * @param machine      the machine it ran on
 * @param serverPid    the (first) node's process id, or 0 where it was not sampled
 * @param notes        what the reader should know about the figures, such as why the node was not sampled
 * @param connect      opening and logging in the connections
 * @param push         the pushes; null for {@code connect}
 * @param nodes        each node's share of the costs, where two nodes or more were sampled; otherwise empty
 * @param timeline     the run's phases and the run second by second, for charts; its node figures add up the
 *                     sampled nodes
 * @param nodeSettings how each sampled node was started, where it could be read, in the order of their addresses;
 *                     one unknown entry where no node was sampled
 */
public record BenchResult(String scenario, Instant started, Map<String, Object> settings, MachineFacts machine,
                          long serverPid, List<String> notes, ConnectFigures connect, PushFigures push,
                          List<NodeFigures> nodes, Timeline timeline, List<NodeSettings> nodeSettings) {

    /**
     * Opening and logging in the connections.
     *
     * @param target                   connections asked for
     * @param ready                    logged in (and joined their group)
     * @param failed                   failed before that
     * @param failures                 failures by reason
     * @param closed                   closed by the node after they were ready, during the whole run
     * @param closes                   closes by reason
     * @param seconds                  from the first connect to the last one settled
     * @param perSecond                ready connections per second
     * @param latencyMicros            from connect to login (or join) answered, per connection
     * @param serverCpuMicrosPerConnect the node's CPU time per ready connection
     * @param clientCpuMicrosPerConnect this process's CPU time per ready connection
     * @param serverRssKiBPerConnection the node's resident memory growth per ready connection, sampled once all
     *                                 were ready (for {@code connect}: at the end of the hold)
     */
    public record ConnectFigures(int target, long ready, long failed, Map<String, Long> failures, long closed,
                                 Map<String, Long> closes, double seconds, double perSecond,
                                 LatencySummary latencyMicros, Double serverCpuMicrosPerConnect,
                                 Double clientCpuMicrosPerConnect, Double serverRssKiBPerConnection) {

        /** The same figures with the closes counted until the end of the run. */
        ConnectFigures withCloses(long closedByEnd, Map<String, Long> closesByEnd) {
            return new ConnectFigures(target, ready, failed, failures, closedByEnd, closesByEnd, seconds, perSecond,
                    latencyMicros, serverCpuMicrosPerConnect, clientCpuMicrosPerConnect, serverRssKiBPerConnection);
        }
    }

    /**
     * The pushes. Counts cover the whole run, warm-up included; rates, latencies and CPU the measured part.
     *
     * @param sent                       pushes sent
     * @param answered                   answered 200 by the node
     * @param refused                    answered otherwise (or taken for a duplicate id)
     * @param refusals                   refusals by status
     * @param unanswered                 pushes whose connection closed before their answer
     * @param apiDelivered               deliveries the node's answers report
     * @param expected                   deliveries the run's own bookkeeping expects
     * @param received                   first receipts: distinct (connection, message) pairs
     * @param losses                     expected and never received
     * @param messagesShort              messages that missed at least one connection
     * @param duplicates                 an id received again by the same connection
     * @param unexpected                 receipts beyond what a message should have made
     * @param foreign                    receipts of ids this run never sent
     * @param seconds                    the measured part, from its first push to its last delivery
     * @param pushesPerSecond            pushes sent per second in the measured part
     * @param deliveriesPerSecond        deliveries received per second in the measured part
     * @param latencyMicros              send to receipt, per delivery
     * @param answerMicros               send to the API's answer, per push
     * @param serverCpuMicrosPerDelivery the node's CPU time per delivery
     * @param serverCpuMicrosPerPush     the node's CPU time per push
     * @param clientCpuMicrosPerDelivery this process's CPU time per delivery
     */
    public record PushFigures(long sent, long answered, long refused, Map<String, Long> refusals, long unanswered,
                              long apiDelivered, long expected, long received, long losses, long messagesShort,
                              long duplicates, long unexpected, long foreign, double seconds, double pushesPerSecond,
                              double deliveriesPerSecond, LatencySummary latencyMicros, LatencySummary answerMicros,
                              Double serverCpuMicrosPerDelivery, Double serverCpuMicrosPerPush,
                              Double clientCpuMicrosPerDelivery) {
    }

    /**
     * One node's costs in a run against several; the connection and push figures above add them up. Null where
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

    /** Whether every delivery arrived once and only where it should: no loss, no duplicate, nothing misrouted. */
    public boolean clean() {
        return push == null || push.losses() == 0 && push.duplicates() == 0 && push.unexpected() == 0;
    }

    /** The result as a table for people. */
    public String table() {
        return ResultTable.render(this);
    }

    /** The result as JSON for scripts. */
    public String json() {
        return ResultJson.write(this);
    }

    /** The result as a self-contained HTML page with charts, which opens without a network. */
    public String html() {
        return HtmlReport.render(this);
    }
}
