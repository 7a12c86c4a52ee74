package io.herald.bench.measure;

/**
 * One point of a run's time series, taken once a second while it runs (and once more at its end): totals at that
 * moment, and rates, latencies and CPU over the time since the previous point. Figures of the node add up every
 * sampled node, and are null where none is (or one could not be read); latencies are null in a second without any
 * measured.
 *
 * @param seconds             since the run began
 * @param phase               what the run was doing: connect, hold, warm-up, the scenario, drain
 * @param ready               connections logged in so far
 * @param failed              connections failed so far
 * @param closed              ready connections the node closed so far
 * @param connectsPerSecond   connections that became ready, per second
 * @param connectP99Micros    the 99th percentile of the connect times of those
 * @param sent                pushes sent so far
 * @param pushesPerSecond     pushes sent per second
 * @param received            deliveries received so far (first receipts)
 * @param deliveriesPerSecond deliveries received per second
 * @param inFlight            deliveries expected and not yet received
 * @param duplicates          duplicates received so far
 * @param latencyP50Micros    the median send-to-receipt latency of the measured deliveries received
 * @param latencyP99Micros    their 99th percentile
 * @param serverCpuPercent    the nodes' CPU time over wall time, in percent of one core
 * @param serverRssKiB        the nodes' resident memory
 * @param clientCpuPercent    the client's CPU time (this process's and its workers') over wall time, in percent
 *                            of one core
 * @param clientRssKiB        the client's resident memory, this process's and its workers'
 */
public record SecondSample(double seconds, String phase, long ready, long failed, long closed,
                           double connectsPerSecond, Long connectP99Micros, long sent, double pushesPerSecond,
                           long received, double deliveriesPerSecond, long inFlight, long duplicates,
                           Long latencyP50Micros, Long latencyP99Micros, Double serverCpuPercent, Long serverRssKiB,
                           Double clientCpuPercent, Long clientRssKiB) {
}
