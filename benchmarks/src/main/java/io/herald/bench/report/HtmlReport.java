package io.herald.bench.report;

import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeFigures;
import io.herald.bench.measure.NodeSettings;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a {@link RunResult} as one self-contained page: inline CSS, inline SVG charts drawn by
 * {@link SvgChart}, no script and no link, so it opens anywhere without a network. The page is XHTML (every
 * element closed, every text escaped), which browsers read as HTML and an XML parser can check. Sections: the
 * verdict, the figures of the table, each node's share side by side (against several nodes), the charts, the
 * machine, the run's settings and each sampled node's.
 */
public final class HtmlReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 24px auto; padding: 0 16px; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            table { border-collapse: collapse; }
            th, td { text-align: left; vertical-align: top; padding: 3px 12px 3px 0; }
            th { font-weight: 600; white-space: nowrap; color: #444; }
            tr + tr th, tr + tr td { border-top: 1px solid #eee; }
            .verdict { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; }
            .clean { background: #dff3e2; color: #19692c; }
            .unclean { background: #fbe0de; color: #a3221a; }
            .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px 24px; }
            svg.chart { width: 100%; height: auto; }
            pre { background: #f6f6f6; padding: 8px; white-space: pre-wrap; word-break: break-all; }
            .muted { color: #777; }
            """;

    private final StringBuilder b = new StringBuilder(64 * 1024);

    private HtmlReport() {
    }

    /** The result as an XHTML page. */
    public static String render(RunResult r) {
        return new HtmlReport().page(r).b.toString();
    }

    private HtmlReport page(RunResult r) {
        String title = "herald bench " + r.scenario() + ", " + WHEN.format(r.started());
        b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(r);
        section("Figures");
        table(ResultTable.rows(r));
        nodes(r.nodes());
        section("Charts");
        b.append("<div class=\"charts\">\n");
        ReportCharts.of(r).forEach(c -> b.append(c.svg()));
        b.append("</div>\n");
        machine(r.machine());
        section("Run settings");
        table(r.settings().entrySet().stream()
                .map(e -> List.of(e.getKey(), e.getValue() == null ? "(none)" : String.valueOf(e.getValue())))
                .toList());
        nodeSettings(r.nodeSettings());
        b.append("<p class=\"muted\">Written by herald bench. Every push carries its send time: latency is send to "
                + "receipt. CPU is CPU time over wall time in percent of one core; memory is resident (RSS), from "
                + "/proc.</p>\n");
        b.append("</body>\n</html>\n");
        return this;
    }

    private void header(RunResult r) {
        b.append("<h1>herald bench: ").append(Html.escape(r.scenario())).append("</h1>\n<p>Started ")
                .append(Html.escape(WHEN.format(r.started()))).append(". ");
        if (r.clean()) {
            b.append("<span class=\"verdict clean\">clean</span> no loss, no duplicate, nothing misrouted.");
        } else {
            b.append("<span class=\"verdict unclean\">not clean</span> deliveries were lost, duplicated or "
                    + "misrouted: see the figures.");
        }
        b.append("</p>\n");
    }

    private void machine(MachineFacts m) {
        section("Machine");
        table(List.of(
                List.of("cores", Integer.toString(m.cores())),
                List.of("CPU model", m.cpuModel()),
                List.of("memory", ResultTable.gib(m.memoryKiB(), "unknown")),
                List.of("kernel", m.kernel()),
                List.of("JVM (client)", m.jvm()),
                List.of("client transport", m.transport())));
    }

    /** Each node's share of the costs, a column per figure; nothing where fewer than two nodes were sampled. */
    private void nodes(List<NodeFigures> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        section("Nodes");
        b.append("<p>Each node's share: CPU per connect and RSS growth per connection of the connections it took; "
                + "CPU per delivery and per push of the whole run's, so that the nodes add up to the figures "
                + "above.</p>\n");
        b.append("<table>\n<tr>");
        for (String column : List.of("node", "address", "pid", "connections", "CPU/connect", "RSS/connection",
                "CPU/delivery", "CPU/push")) {
            b.append("<th>").append(Html.escape(column)).append("</th>");
        }
        b.append("</tr>\n");
        for (int i = 0; i < nodes.size(); i++) {
            NodeFigures n = nodes.get(i);
            b.append("<tr>");
            for (String cell : List.of(Integer.toString(i + 1), n.node(), Long.toString(n.pid()),
                    Long.toString(n.connections()), ResultTable.micros(n.cpuMicrosPerConnect()),
                    ResultTable.kib(n.rssKiBPerConnection()), ResultTable.micros(n.cpuMicrosPerDelivery()),
                    ResultTable.micros(n.cpuMicrosPerPush()))) {
                b.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    /** How each sampled node was started, under a heading of its own where there are several. */
    private void nodeSettings(List<NodeSettings> nodes) {
        section(nodes.size() > 1 ? "Node settings, node by node" : "Node settings");
        for (int i = 0; i < nodes.size(); i++) {
            NodeSettings node = nodes.get(i);
            if (nodes.size() > 1) {
                b.append("<h3>Node ").append(i + 1).append(": ").append(Html.escape(node.node())).append("</h3>\n");
            }
            settings(node);
        }
    }

    private void settings(NodeSettings node) {
        b.append("<p>").append(Html.escape(node.source())).append("</p>\n");
        if (!node.known()) {
            return;
        }
        b.append("<p>Command line (secrets redacted):</p>\n<pre>")
                .append(Html.escape(String.join(" ", node.commandLine()))).append("</pre>\n");
        if (node.environment().isEmpty()) {
            b.append("<p class=\"muted\">No HERALD_* or JVM option variables.</p>\n");
        } else {
            b.append("<p>Environment (HERALD_* and JVM options, secrets redacted):</p>\n");
            table(node.environment().entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
        }
    }

    private void section(String title) {
        b.append("<h2>").append(Html.escape(title)).append("</h2>\n");
    }

    /** Rows of a label and a value. */
    private void table(List<List<String>> rows) {
        b.append("<table>\n");
        for (List<String> row : rows) {
            b.append("<tr><th>").append(Html.escape(row.get(0))).append("</th><td>").append(Html.escape(row.get(1)))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }
}
