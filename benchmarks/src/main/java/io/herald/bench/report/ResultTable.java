package io.herald.bench.report;

import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeFigures;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SlowReaderFigures;
import io.herald.bench.measure.UpstreamFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link RunResult} as a table for people: one row per figure, labels aligned. */
public final class ResultTable {

    private final List<String[]> rows = new ArrayList<>();

    private ResultTable() {
    }

    /** The result as a table. */
    public static String render(RunResult r) {
        return of(r).toString();
    }

    /** The table's rows, label then value, for another rendering of the same figures. */
    static List<List<String>> rows(RunResult r) {
        return of(r).rows.stream().map(List::of).toList();
    }

    private static ResultTable of(RunResult r) {
        ResultTable t = new ResultTable();
        MachineFacts m = r.machine();
        t.row("scenario", r.scenario() + ", started " + r.started());
        t.row("machine", m.cores() + " cores " + m.cpuModel() + ", " + gib(m.memoryKiB(), "memory unknown")
                + ", kernel " + m.kernel() + ", " + m.jvm() + ", " + m.transport());
        t.row("node", r.nodes().size() > 1 ? r.nodes().size() + " nodes sampled from /proc, node figures added up"
                : r.serverPid() > 0 ? "pid " + r.serverPid() + ", sampled from /proc" : "not sampled");
        r.notes().forEach(n -> t.row("note", n));
        t.connect(r.connect());
        if (r.push() != null) {
            t.push(r.push());
        }
        if (r.failover() != null) {
            FailoverRows.add(r.failover(), t::row);
        }
        if (r.upstream() != null) {
            t.upstream(r.upstream());
        }
        if (r.slowReaders() != null) {
            t.slowReaders(r.slowReaders());
        }
        for (int i = 0; i < r.nodes().size(); i++) {
            t.node(i + 1, r.nodes().get(i));
        }
        t.row("verdict", r.clean() ? "clean: no loss, no duplicate, nothing misrouted" : "NOT CLEAN");
        return t;
    }

    private void connect(ConnectFigures c) {
        row("connections", c.ready() + " ready of " + c.target() + ", " + c.failed() + " failed"
                + reasons(c.failures()) + ", in " + fixed(c.seconds(), 2) + " s (" + fixed(c.perSecond(), 0) + "/s)");
        row("connect time", percentiles(c.latencyMicros()));
        row("connect cost", "node " + micros(c.serverCpuMicrosPerConnect()) + " CPU/connect, client "
                + micros(c.clientCpuMicrosPerConnect()) + " CPU/connect, node "
                + kib(c.serverRssKiBPerConnection()) + " RSS/connection");
        row("closed by node", c.closed() + reasons(c.closes()));
    }

    private void push(PushFigures p) {
        row("pushes", p.sent() + " sent, " + p.answered() + " answered, " + p.refused() + " refused"
                + reasons(p.refusals()) + ", " + p.unanswered() + " unanswered; " + fixed(p.pushesPerSecond(), 1)
                + "/s measured");
        row("deliveries", p.received() + " received of " + p.expected() + " expected (node reported "
                + p.apiDelivered() + "); " + fixed(p.deliveriesPerSecond(), 0) + "/s measured over "
                + fixed(p.seconds(), 2) + " s");
        row("losses", p.losses() + " (" + p.messagesShort() + " messages short), duplicates " + p.duplicates()
                + ", unexpected " + p.unexpected() + ", foreign " + p.foreign());
        row("latency", percentiles(p.latencyMicros()));
        row("API answer", percentiles(p.answerMicros()));
        row("push cost", "node " + micros(p.serverCpuMicrosPerDelivery()) + " CPU/delivery, "
                + micros(p.serverCpuMicrosPerPush()) + " CPU/push; client "
                + micros(p.clientCpuMicrosPerDelivery()) + " CPU/delivery");
    }

    private void upstream(UpstreamFigures u) {
        row("upstream", "echo upstream at " + u.upstreamUrl() + ", rooms of " + u.roomSize() + " connections; it "
                + "answered " + u.upstreamAnswered());
        row("commands", u.sent() + " sent, " + u.answered() + " answered 200, " + u.refused() + " refused"
                + reasons(u.refusals()) + ", " + u.unanswered() + " unanswered; " + fixed(u.commandsPerSecond(), 1)
                + "/s measured over " + fixed(u.seconds(), 2) + " s");
        row("round trip", percentiles(u.roundTripMicros()));
        row("pushes", u.received() + " received of " + u.expected() + " expected; losses " + u.losses()
                + ", duplicates " + u.duplicates() + ", unexpected " + u.unexpected());
        row("push latency", percentiles(u.pushLatencyMicros()));
        row("command cost", "node " + micros(u.serverCpuMicrosPerCommand()) + " CPU/command; client "
                + micros(u.clientCpuMicrosPerCommand()) + " CPU/command (its echo upstream included)");
    }

    private void slowReaders(SlowReaderFigures s) {
        row("slow readers", s.slowReaders() + " opened that never read, " + s.loggedIn() + " logged in; the node "
                + "closed " + s.closed() + ": the first " + seconds(s.firstCloseSeconds()) + ", half "
                + seconds(s.halfClosedSeconds()) + ", all " + seconds(s.allClosedSeconds())
                + " after the pushes began");
        row("node heap", "live (after a full GC) " + mib(s.heapBefore()) + " before the pushes, "
                + mib(s.heapDuring()) + " halfway, " + mib(s.heapAfter()) + " after");
        row("node RSS", mib(s.rssBefore()) + " before the pushes, at most " + mib(s.rssMaxDuring()) + " during, "
                + mib(s.rssAfter()) + " after");
    }

    private static String seconds(Double s) {
        return s == null ? "never" : fixed(s, 1) + " s";
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unknown" : fixed(bytes / 1048576.0, 1) + " MiB";
    }

    private void node(int number, NodeFigures n) {
        String push = n.cpuMicrosPerDelivery() == null ? "" : "; " + micros(n.cpuMicrosPerDelivery())
                + " CPU/delivery, " + micros(n.cpuMicrosPerPush()) + " CPU/push of the run's";
        row("node " + number, n.node() + " (pid " + n.pid() + "), " + n.connections() + " connections: "
                + micros(n.cpuMicrosPerConnect()) + " CPU/connect, " + kib(n.rssKiBPerConnection())
                + " RSS/connection" + push);
    }

    void row(String label, String value) {
        rows.add(new String[] {label, value});
    }

    static String percentiles(LatencySummary l) {
        if (l.count() == 0) {
            return "none measured";
        }
        return "p50 " + ms(l.p50()) + "  p90 " + ms(l.p90()) + "  p99 " + ms(l.p99()) + "  p99.9 " + ms(l.p999())
                + "  max " + ms(l.max()) + "  (" + l.count() + ")";
    }

    private static String ms(long micros) {
        return micros < 1000 ? micros + " µs" : fixed(micros / 1000.0, micros < 10_000 ? 2 : 1) + " ms";
    }

    static String micros(Double value) {
        return value == null ? "n/a" : fixed(value, value < 10 ? 2 : 1) + " µs";
    }

    /** KiB, to a tenth; "n/a" where not measured. */
    static String kib(Double value) {
        return value == null ? "n/a" : fixed(value, 1) + " KiB";
    }

    /** An amount of KiB in GiB, to a tenth, or {@code unknown} where it is (-1). */
    static String gib(long kib, String unknown) {
        return kib < 0 ? unknown : fixed(kib / (1024.0 * 1024), 1) + " GiB";
    }

    static String reasons(Map<String, Long> byReason) {
        if (byReason.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        byReason.forEach((reason, n) -> b.append(b.length() > 2 ? ", " : "").append(reason).append(": ").append(n));
        return b.append(')').toString();
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    @Override
    public String toString() {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", r[0], r[1]));
        }
        return b.toString();
    }
}
