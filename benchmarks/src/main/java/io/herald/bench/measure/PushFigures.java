package io.herald.bench.measure;

import java.util.Map;

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

    /** Whether every delivery arrived once and only where it should: no loss, no duplicate, nothing misrouted. */
    public boolean clean() {
        return losses == 0 && duplicates == 0 && unexpected == 0;
    }
}
