package io.herald.bench.measure;

import java.util.Map;

/**
 * The {@code upstream} scenario's commands and their pushes. Counts cover the whole run, warm-up included; rates,
 * latencies and CPU the measured part.
 *
 * @param upstreamUrl               where the bench's echo upstream listened
 * @param roomSize                  connections per room: each command's push reaches its room
 * @param sent                      commands sent
 * @param answered                  replied 200 (the upstream's answer)
 * @param refused                   replied otherwise (429, 502, 504, …)
 * @param refusals                  refusals by code
 * @param unanswered                sent and never replied to
 * @param upstreamAnswered          commands the echo upstream answered
 * @param expected                  push deliveries the answered commands should make
 * @param received                  first receipts: distinct (connection, message) pairs
 * @param losses                    expected and never received
 * @param duplicates                an id received again by the same connection
 * @param unexpected                receipts beyond what a message should have made
 * @param seconds                   the measured part, from its first command to its last delivery
 * @param commandsPerSecond         commands sent per second in the measured part
 * @param roundTripMicros           send to reply, per command answered 200
 * @param pushLatencyMicros         send to receipt, per push delivery
 * @param serverCpuMicrosPerCommand the node's CPU time per command answered (forwarded, replied, and its push)
 * @param clientCpuMicrosPerCommand this process's CPU time per command, its echo upstream's included
 */
public record UpstreamFigures(String upstreamUrl, int roomSize, long sent, long answered, long refused,
                              Map<String, Long> refusals, long unanswered, long upstreamAnswered, long expected,
                              long received, long losses, long duplicates, long unexpected, double seconds,
                              double commandsPerSecond, LatencySummary roundTripMicros,
                              LatencySummary pushLatencyMicros, Double serverCpuMicrosPerCommand,
                              Double clientCpuMicrosPerCommand) {

    /** Whether every command was answered 200 and every push arrived once and only where it should. */
    public boolean clean() {
        return refused == 0 && unanswered == 0 && losses == 0 && duplicates == 0 && unexpected == 0;
    }
}
