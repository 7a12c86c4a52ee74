package io.herald.bench.report;

import io.herald.bench.measure.FailoverFigures;

import java.util.function.BiConsumer;

import static io.herald.bench.report.ResultTable.fixed;
import static io.herald.bench.report.ResultTable.micros;
import static io.herald.bench.report.ResultTable.percentiles;
import static io.herald.bench.report.ResultTable.reasons;

/** The table's rows of a failover run: the kill, the pushes and their fate, the reconnects, the lost pushes. */
final class FailoverRows {

    private FailoverRows() {
    }

    /** Adds the rows of {@code f}, label then value, to {@code row}. */
    static void add(FailoverFigures f, BiConsumer<String, String> row) {
        row.accept("kill", kill(f.kill()));
        FailoverFigures.Pushes p = f.pushes();
        row.accept("pushes", p.sent() + " sent, " + p.answered() + " answered 200, " + p.refused() + " refused"
                + reasons(p.refusals()) + ", " + p.unanswered() + " unanswered (their node died under them), "
                + p.notSent() + " not sent (no API up); " + fixed(f.pushRate(), 1) + "/s");
        FailoverFigures.Deliveries d = f.deliveries();
        row.accept("received", d.received() + " distinct pushes by their user's application (" + d.receivedUnanswered()
                + " of them not answered 200)");
        row.accept("lost", d.lost() + " answered 200 and never received");
        row.accept("duplicates", d.duplicatesDropped() + " dropped by the clients' dedupe, " + d.twice()
                + " delivered twice to the application; " + d.misrouted() + " misrouted, " + d.foreign() + " foreign");
        row.accept("seq order", d.gaps() + " pushes after a gap in their stream, " + d.behind() + " behind one seen");
        FailoverFigures.Reconnects r = f.reconnects();
        row.accept("drops", r.drops().values().stream().mapToLong(Long::longValue).sum() + reasons(r.drops()));
        row.accept("reconnects", r.clients() + " clients logged in again (" + r.logins() + " logins): "
                + r.recovered() + " recovered:true, " + r.notRecovered() + " recovered:false"
                + (r.lostStreams().isEmpty() ? "" : " (lost" + reasons(r.lostStreams()) + ")") + "; "
                + r.failedAttempts().values().stream().mapToLong(Long::longValue).sum() + " attempts failed"
                + reasons(r.failedAttempts()) + "; " + r.stillDown() + " still down at the end");
        row.accept("recovery time", percentiles(r.recoveryMicros()));
        row.accept("latency", percentiles(f.latency()));
        row.accept("API answer", percentiles(f.answers()));
        FailoverFigures.PushCosts c = f.costs();
        row.accept("push cost", "nodes " + micros(c.serverCpuMicrosPerPush()) + " CPU/push ("
                + percent(c.serverCpuPercent()) + " of one core), client " + micros(c.clientCpuMicrosPerPush())
                + " CPU/push (" + percent(c.clientCpuPercent()) + "), over " + fixed(f.seconds(), 2) + " s");
        row.accept("memory", "RSS at the end: nodes " + mib(c.serverRssKiB()) + ", client " + mib(c.clientRssKiB()));
        f.lostPushes().forEach(l -> row.accept("lost push", l));
    }

    private static String percent(Double value) {
        return value == null ? "n/a" : fixed(value, 1) + "%";
    }

    private static String mib(Long kib) {
        return kib == null ? "n/a" : fixed(kib / 1024.0, 1) + " MiB";
    }

    private static String kill(FailoverFigures.Kill k) {
        if (k == null) {
            return "none (--kill-node 0)";
        }
        String killed = "node " + (k.position() + 1) + " " + k.node() + " (pid " + k.pid() + ") killed at "
                + fixed(k.killedAtSeconds(), 2) + " s";
        if (k.problem() != null) {
            return killed + "; it did not come back: " + k.problem();
        }
        return killed + "; back as pid " + k.restartedPid() + ", answering /healthz " + fixed(k.backAfterSeconds(), 2)
                + " s after the kill; " + k.output();
    }
}
