package io.herald.bench.report;

import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeFigures;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SlowReaderFigures;
import io.herald.bench.measure.UpstreamFigures;
import io.herald.bench.measure.SecondSample;
import io.herald.codec.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RunResult} as indented JSON for scripts: the figures under the names of its records'
 * components, microseconds and KiB in the names, null for figures not measured.
 */
public final class ResultJson {

    private static final int DECIMALS = 3;

    private ResultJson() {
    }

    /** The result as JSON. */
    public static String write(RunResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", r.scenario());
        root.put("started", r.started().toString());
        root.put("settings", r.settings());
        MachineFacts m = r.machine();
        root.put("machine", ordered("cores", m.cores(), "cpuModel", m.cpuModel(), "memoryKiB", m.memoryKiB(),
                "kernel", m.kernel(), "jvm", m.jvm(), "transport", m.transport()));
        root.put("serverPid", r.serverPid());
        root.put("nodeSettings", r.nodeSettings().stream().map(ResultJson::settings).toList());
        root.put("notes", r.notes());
        root.put("connect", connect(r.connect()));
        root.put("push", r.push() == null ? null : push(r.push()));
        root.put("failover", r.failover() == null ? null : failover(r.failover()));
        root.put("upstream", r.upstream() == null ? null : upstream(r.upstream()));
        root.put("slowReaders", r.slowReaders() == null ? null : slowReaders(r.slowReaders()));
        root.put("nodes", r.nodes().stream().map(ResultJson::node).toList());
        root.put("clean", r.clean());
        root.put("phases", r.timeline().phases().stream()
                .map(p -> ordered("seconds", p.seconds(), "name", p.name())).toList());
        root.put("series", r.timeline().seconds().stream().map(ResultJson::second).toList());
        ByteBuf out = Unpooled.buffer();
        try {
            value(new JsonWriter(out), root, "");
            out.writeByte('\n');
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static Map<String, Object> connect(ConnectFigures c) {
        return ordered("target", c.target(), "ready", c.ready(), "failed", c.failed(), "failures", c.failures(),
                "closed", c.closed(), "closes", c.closes(), "seconds", c.seconds(), "perSecond", c.perSecond(),
                "latencyMicros", latency(c.latencyMicros()),
                "serverCpuMicrosPerConnect", c.serverCpuMicrosPerConnect(),
                "clientCpuMicrosPerConnect", c.clientCpuMicrosPerConnect(),
                "serverRssKiBPerConnection", c.serverRssKiBPerConnection());
    }

    private static Map<String, Object> push(PushFigures p) {
        return ordered("sent", p.sent(), "answered", p.answered(), "refused", p.refused(), "refusals", p.refusals(),
                "unanswered", p.unanswered(), "apiDelivered", p.apiDelivered(), "expected", p.expected(),
                "received", p.received(), "losses", p.losses(), "messagesShort", p.messagesShort(),
                "duplicates", p.duplicates(), "unexpected", p.unexpected(), "foreign", p.foreign(),
                "seconds", p.seconds(), "pushesPerSecond", p.pushesPerSecond(),
                "deliveriesPerSecond", p.deliveriesPerSecond(), "latencyMicros", latency(p.latencyMicros()),
                "answerMicros", latency(p.answerMicros()),
                "serverCpuMicrosPerDelivery", p.serverCpuMicrosPerDelivery(),
                "serverCpuMicrosPerPush", p.serverCpuMicrosPerPush(),
                "clientCpuMicrosPerDelivery", p.clientCpuMicrosPerDelivery());
    }

    private static Map<String, Object> failover(FailoverFigures f) {
        FailoverFigures.Kill k = f.kill();
        FailoverFigures.Pushes p = f.pushes();
        FailoverFigures.Deliveries d = f.deliveries();
        FailoverFigures.Reconnects r = f.reconnects();
        return ordered("kill", k == null ? null : ordered("node", k.node(), "position", k.position(), "pid", k.pid(),
                        "killedAtSeconds", k.killedAtSeconds(), "restartedPid", k.restartedPid(),
                        "backAfterSeconds", k.backAfterSeconds(), "output", k.output(), "problem", k.problem()),
                "pushes", ordered("sent", p.sent(), "answered", p.answered(), "refused", p.refused(),
                        "refusals", p.refusals(), "unanswered", p.unanswered(), "notSent", p.notSent()),
                "deliveries", ordered("received", d.received(), "receivedUnanswered", d.receivedUnanswered(),
                        "lost", d.lost(), "duplicatesDropped", d.duplicatesDropped(), "twice", d.twice(),
                        "misrouted", d.misrouted(), "foreign", d.foreign(), "gaps", d.gaps(), "behind", d.behind()),
                "reconnects", ordered("drops", r.drops(), "clients", r.clients(), "logins", r.logins(),
                        "recovered", r.recovered(), "notRecovered", r.notRecovered(), "lostStreams", r.lostStreams(),
                        "failedAttempts", r.failedAttempts(), "stillDown", r.stillDown(),
                        "recoveryMicros", latency(r.recoveryMicros())),
                "latencyMicros", latency(f.latency()), "answerMicros", latency(f.answers()),
                "seconds", f.seconds(), "pushesPerSecond", f.pushRate(),
                "serverCpuMicrosPerPush", f.costs().serverCpuMicrosPerPush(),
                "clientCpuMicrosPerPush", f.costs().clientCpuMicrosPerPush(),
                "serverCpuPercent", f.costs().serverCpuPercent(), "clientCpuPercent", f.costs().clientCpuPercent(),
                "serverRssKiB", f.costs().serverRssKiB(), "clientRssKiB", f.costs().clientRssKiB(),
                "lostPushes", f.lostPushes());
    }

    private static Map<String, Object> upstream(UpstreamFigures u) {
        return ordered("upstreamUrl", u.upstreamUrl(), "roomSize", u.roomSize(), "sent", u.sent(),
                "answered", u.answered(), "refused", u.refused(), "refusals", u.refusals(),
                "unanswered", u.unanswered(), "upstreamAnswered", u.upstreamAnswered(), "expected", u.expected(),
                "received", u.received(), "losses", u.losses(), "duplicates", u.duplicates(),
                "unexpected", u.unexpected(), "seconds", u.seconds(), "commandsPerSecond", u.commandsPerSecond(),
                "roundTripMicros", latency(u.roundTripMicros()), "pushLatencyMicros", latency(u.pushLatencyMicros()),
                "serverCpuMicrosPerCommand", u.serverCpuMicrosPerCommand(),
                "clientCpuMicrosPerCommand", u.clientCpuMicrosPerCommand());
    }

    private static Map<String, Object> slowReaders(SlowReaderFigures s) {
        return ordered("slowReaders", s.slowReaders(), "loggedIn", s.loggedIn(), "closed", s.closed(),
                "firstCloseSeconds", s.firstCloseSeconds(), "halfClosedSeconds", s.halfClosedSeconds(),
                "allClosedSeconds", s.allClosedSeconds(),
                "closes", s.closes().stream().map(c -> List.of(c[0], (long) c[1])).toList(),
                "heapBeforeBytes", s.heapBefore(), "heapDuringBytes", s.heapDuring(), "heapAfterBytes", s.heapAfter(),
                "rssBeforeBytes", s.rssBefore(), "rssMaxDuringBytes", s.rssMaxDuring(), "rssAfterBytes", s.rssAfter());
    }

    private static Map<String, Object> node(NodeFigures n) {
        return ordered("node", n.node(), "pid", n.pid(), "connections", n.connections(),
                "cpuMicrosPerConnect", n.cpuMicrosPerConnect(), "rssKiBPerConnection", n.rssKiBPerConnection(),
                "cpuMicrosPerDelivery", n.cpuMicrosPerDelivery(), "cpuMicrosPerPush", n.cpuMicrosPerPush());
    }

    private static Map<String, Object> latency(LatencySummary l) {
        return ordered("count", l.count(), "p50", l.p50(), "p90", l.p90(), "p99", l.p99(), "p999", l.p999(),
                "max", l.max(), "mean", l.mean(), "percentiles", l.percentiles().stream()
                        .map(p -> ordered("percentile", exact(p.percentile()), "micros", p.micros())).toList());
    }

    /** A number written with all its digits: percentiles such as 99.9999 must not round to 100. */
    private static BigDecimal exact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros();
    }

    private static Map<String, Object> settings(NodeSettings n) {
        return ordered("node", n.node(), "known", n.known(), "source", n.source(), "commandLine", n.commandLine(),
                "environment", n.environment());
    }

    private static Map<String, Object> second(SecondSample s) {
        return ordered("seconds", s.seconds(), "phase", s.phase(), "ready", s.ready(), "failed", s.failed(),
                "closed", s.closed(), "connectsPerSecond", s.connectsPerSecond(),
                "connectP99Micros", s.connectP99Micros(), "sent", s.sent(), "pushesPerSecond", s.pushesPerSecond(),
                "received", s.received(), "deliveriesPerSecond", s.deliveriesPerSecond(), "inFlight", s.inFlight(),
                "duplicates", s.duplicates(), "latencyP50Micros", s.latencyP50Micros(),
                "latencyP99Micros", s.latencyP99Micros(), "serverCpuPercent", s.serverCpuPercent(),
                "serverRssKiB", s.serverRssKiB(), "clientCpuPercent", s.clientCpuPercent(),
                "clientRssKiB", s.clientRssKiB());
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static void value(JsonWriter w, Object v, String indent) {
        if (v == null) {
            w.raw("null");
        } else if (v instanceof String s) {
            w.string(s);
        } else if (v instanceof Boolean b) {
            w.bool(b);
        } else if (v instanceof BigDecimal d) {
            w.raw(d.toPlainString());
        } else if (v instanceof Double d) {
            w.raw(Double.isFinite(d) ? BigDecimal.valueOf(d).setScale(DECIMALS, RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString() : "null");
        } else if (v instanceof Number n) {
            w.number(n.longValue());
        } else if (v instanceof Map<?, ?> map) {
            object(w, map, indent);
        } else if (v instanceof List<?> list) {
            array(w, list, indent);
        } else {
            w.string(v.toString());
        }
    }

    private static void object(JsonWriter w, Map<?, ?> map, String indent) {
        if (map.isEmpty()) {
            w.raw("{}");
            return;
        }
        String inner = indent + "  ";
        w.raw("{");
        String separator = "\n";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            w.raw(separator + inner).string(String.valueOf(e.getKey())).raw(": ");
            value(w, e.getValue(), inner);
            separator = ",\n";
        }
        w.raw("\n" + indent + "}");
    }

    /**
     * Scalars on one line; objects one a line, each on a single line where it holds only scalars (a time series
     * stays readable), indented otherwise.
     */
    private static void array(JsonWriter w, List<?> list, String indent) {
        boolean objects = !list.isEmpty() && list.stream().allMatch(Map.class::isInstance);
        String inner = indent + "  ";
        w.raw("[");
        for (int i = 0; i < list.size(); i++) {
            if (objects) {
                w.raw((i == 0 ? "\n" : ",\n") + inner);
                Map<?, ?> map = (Map<?, ?>) list.get(i);
                if (map.values().stream().anyMatch(v -> v instanceof Map || v instanceof List)) {
                    object(w, map, inner);
                } else {
                    line(w, map);
                }
            } else {
                w.raw(i == 0 ? "" : ", ");
                value(w, list.get(i), indent);
            }
        }
        w.raw(objects ? "\n" + indent + "]" : "]");
    }

    private static void line(JsonWriter w, Map<?, ?> map) {
        w.raw("{");
        String separator = "";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            w.raw(separator).string(String.valueOf(e.getKey())).raw(": ");
            value(w, e.getValue(), "");
            separator = ", ";
        }
        w.raw("}");
    }
}
