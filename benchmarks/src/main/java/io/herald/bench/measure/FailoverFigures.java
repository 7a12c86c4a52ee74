package io.herald.bench.measure;

import java.util.List;
import java.util.Map;

/**
 * What a failover run found: the node it killed and restarted, the pushes and what became of them, the clients'
 * reconnects and recoveries, and what it cost. Immutable.
 *
 * @param kill        the node killed and restarted; null where the run killed none
 * @param pushes      the pushes and their answers
 * @param deliveries  what reached the users' applications
 * @param reconnects  the clients' drops and logins again
 * @param latency     send to the application, per push, the first time
 * @param answers     send to the API's answer, per push answered 200
 * @param seconds     from the first push to the end of the grace period
 * @param pushRate    pushes per second while pushing
 * @param costs       CPU per push on either side, over {@code seconds}
 * @param lostPushes  the first lost pushes, each with whom it was for and that client's account
 */
public record FailoverFigures(Kill kill, Pushes pushes, Deliveries deliveries, Reconnects reconnects,
                              LatencySummary latency, LatencySummary answers, double seconds, double pushRate,
                              PushCosts costs, List<String> lostPushes) {

    public FailoverFigures {
        lostPushes = List.copyOf(lostPushes);
    }

    /** Whether nothing answered 200 was lost and nothing reached an application twice or the wrong user. */
    public boolean clean() {
        return deliveries.lost() == 0 && deliveries.twice() == 0 && deliveries.misrouted() == 0;
    }

    /**
     * The node the run killed with SIGKILL and started again.
     *
     * @param node            its API address
     * @param position        its place in the run's lists of addresses, from 0
     * @param pid             its process before the kill
     * @param killedAtSeconds when it was killed, in seconds since the run began
     * @param restartedPid    its process after the restart; 0 where it did not come back
     * @param backAfterSeconds from the kill until it answered {@code /healthz}; null where it did not
     * @param output          where the restarted node's output goes
     * @param problem         why it did not come back, or null
     */
    public record Kill(String node, int position, long pid, double killedAtSeconds, long restartedPid,
                       Double backAfterSeconds, String output, String problem) {
    }

    /**
     * The pushes. Each went to one user, through the next node whose API was up.
     *
     * @param sent       pushes numbered and handed to a node's API (or none, where none was up)
     * @param answered   answered 200
     * @param refused    answered otherwise
     * @param refusals   those by status
     * @param unanswered sent and never answered: the node died under them
     * @param notSent    never sent: no node's API was up
     */
    public record Pushes(long sent, long answered, long refused, Map<String, Long> refusals, long unanswered,
                         long notSent) {
    }

    /**
     * What reached the users' applications, that is past each client's dedupe.
     *
     * @param received           distinct pushes their user's application got
     * @param receivedUnanswered of those, pushes not answered 200 (the node took them and died before answering)
     * @param lost               answered 200 and never received
     * @param duplicatesDropped  pushes a client received again within its dedupe window, and dropped
     * @param twice              pushes that reached an application a second time, past the dedupe: must be 0
     * @param misrouted          pushes received by a user they were not for
     * @param foreign            pushes with an id this run never sent
     * @param gaps               first receipts whose seq skipped seqs of their stream
     * @param behind             first receipts whose seq was at or below one already seen on their stream
     */
    public record Deliveries(long received, long receivedUnanswered, long lost, long duplicatesDropped, long twice,
                             long misrouted, long foreign, long gaps, long behind) {
    }

    /**
     * The clients' drops and logins again.
     *
     * @param drops             drops of a logged-in connection, by reason
     * @param clients           clients that logged in again at least once
     * @param logins            logins again, after a drop
     * @param recovered         of those, replies that said {@code recovered:true}
     * @param notRecovered      replies that said {@code recovered:false}
     * @param lostStreams       the streams those listed as lost, by stream
     * @param failedAttempts    reconnect attempts that failed, by reason
     * @param stillDown         clients that had not logged in again by the end
     * @param recoveryMicros    from a drop to the login reply of the next connection
     */
    public record Reconnects(Map<String, Long> drops, long clients, long logins, long recovered, long notRecovered,
                             Map<String, Long> lostStreams, Map<String, Long> failedAttempts, long stillDown,
                             LatencySummary recoveryMicros) {
    }

    /**
     * What the pushes cost, over the whole of them and the grace period after: CPU per push and in all, and
     * memory at the end. Null where not sampled.
     *
     * @param serverCpuMicrosPerPush the nodes' CPU time per push (a restarted node's two processes added up)
     * @param clientCpuMicrosPerPush this process's
     * @param serverCpuPercent       the nodes' CPU time over wall time, in percent of one core
     * @param clientCpuPercent       this process's
     * @param serverRssKiB           the nodes' resident memory at the end
     * @param clientRssKiB           this process's
     */
    public record PushCosts(Double serverCpuMicrosPerPush, Double clientCpuMicrosPerPush, Double serverCpuPercent,
                            Double clientCpuPercent, Long serverRssKiB, Long clientRssKiB) {
    }
}
