package io.herald.bench.report;

import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.Timeline;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    private static final NodeSettings NODE = new NodeSettings("http://127.0.0.1:8081", true,
            "process 1234, from /proc/1234",
            List.of("java", "-jar", "herald.jar", "serve", "--secret", "(redacted)"),
            Map.of("HERALD_PORT", "9000"));

    @Test
    void aBroadcastReportIsWellFormedXhtmlWithEveryChart() {
        String html = SampleResults.broadcast(null, 5, NODE).html();
        Document d = Xml.parse(html);

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(Xml.XHTML);
        Xml.assertFiniteCoordinates(d);
        assertThat(titles(d)).containsExactly("Delivery latency by percentile", "Deliveries per second",
                "Pushes per second", "Delivery latency, second by second",
                "Connect time by percentile (connect to ready)", "Connections", "Resident memory",
                "Node memory per connection (RSS growth since the start)", "CPU");
        assertThat(Xml.elements(d, Xml.SVG, "polyline")).hasSizeGreaterThanOrEqualTo(9);
        String text = d.getDocumentElement().getTextContent();
        assertThat(text).contains("herald bench: broadcast", "2026-11-21 12:00:00 UTC", "clean",
                "100 ready of 100", "AMD EPYC \"7B13\"", "OpenJDK 17", "6.1.0", "23.5 GiB",
                "java -jar herald.jar serve --secret (redacted)", "HERALD_PORT", "httpConcurrency",
                "a note");
    }

    @Test
    void theReportNeedsNoNetworkAndRunsNoScript() {
        String html = SampleResults.broadcast(null, 5, NODE).html();
        Document d = Xml.parse(html);

        assertThat(Xml.elements(d, "*", "script")).isEmpty();
        assertThat(Xml.elements(d, "*", "link")).isEmpty();
        assertThat(Xml.elements(d, "*", "img")).isEmpty();
        assertThat(html.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", "")
                .replace("http://127.0.0.1:8081", "")).doesNotContain("http://", "https://", "src=", "href=");
    }

    @Test
    void hostileTextIsEscaped() {
        String hostile = "<script>alert(1)</script>&amp;";
        NodeSettings node = new NodeSettings(hostile, true, "process 1", List.of("java", hostile),
                Map.of("HERALD_GROUP", hostile));
        String html = SampleResults.broadcast(hostile, 3, node).html();
        Document d = Xml.parse(html);

        assertThat(Xml.elements(d, "*", "script")).isEmpty();
        assertThat(html).doesNotContain("<script>");
        assertThat(d.getDocumentElement().getTextContent()).contains("group" + hostile, "java " + hostile);
    }

    @Test
    void aConnectRunWithoutNodeOrSeriesStillDrawsFiniteCharts() {
        SampleResults.Result r = new SampleResults.Result("connect", Instant.parse("2026-11-21T12:00:00Z"),
                SampleResults.settings("connect", null),
                new MachineFacts(2, "unknown", -1, "6.1.0", "OpenJDK 17", "nio"), 0, List.of(),
                new ConnectFigures(10, 0, 10, Map.of("refused", 10L), 0, Map.of(), 0, 0,
                        new LatencySummary(0, 0, 0, 0, 0, 0, 0), null, null, null),
                null, List.of(), new Timeline(List.of(), List.of()),
                List.of(new NodeSettings("http://127.0.0.1:8081", false,
                        "unknown: the node's process was not sampled", List.of(), Map.of())));
        Document d = Xml.parse(r.html());

        Xml.assertFiniteCoordinates(d);
        assertThat(titles(d)).containsExactly("Connect time by percentile (connect to ready)",
                "Connections", "Resident memory",
                "Node memory per connection (RSS growth since the start)", "CPU");
        assertThat(Xml.elements(d, Xml.SVG, "polyline")).isEmpty();
        assertThat(d.getDocumentElement().getTextContent()).contains("nothing was measured",
                "the node's process was not sampled", "memory unknown");
    }

    @Test
    void aRunThatLostDeliveriesIsNotClean() {
        SampleResults.Result clean = SampleResults.broadcast(null, 2, NODE);
        PushFigures p = clean.push();
        SampleResults.Result lossy = new SampleResults.Result(clean.scenario(), clean.started(), clean.settings(),
                clean.machine(), clean.serverPid(), clean.notes(), clean.connect(),
                new PushFigures(p.sent(), p.answered(), p.refused(), p.refusals(), p.unanswered(),
                        p.apiDelivered(), p.expected(), p.received() - 3, 3, 1, 0, 0, 0, p.seconds(),
                        p.pushesPerSecond(), p.deliveriesPerSecond(), p.latencyMicros(), p.answerMicros(), null, null,
                        null),
                clean.nodes(), clean.timeline(), clean.nodeSettings());

        Document d = Xml.parse(lossy.html());

        assertThat(verdict(d)).isEqualTo("not clean");
        assertThat(verdict(Xml.parse(clean.html()))).isEqualTo("clean");
    }

    @Test
    void aRunAgainstSeveralNodesShowsEachNodesShareAndSettings() {
        Document d = Xml.parse(SampleResults.twoNodes(NODE).html());

        assertThat(headings(d, "h2")).containsSubsequence("Figures", "Nodes", "Charts", "Machine", "Run settings",
                "Node settings, node by node");
        assertThat(headings(d, "h3")).containsExactly("Node 1: http://127.0.0.1:8081",
                "Node 2: http://127.0.0.1:9081");
        List<List<String>> nodes = Xml.elements(d, Xml.XHTML, "tr").stream()
                .map(tr -> Xml.children(tr).stream().map(Element::getTextContent).toList())
                .filter(cells -> cells.size() == 8).toList();
        assertThat(nodes).containsExactly(
                List.of("node", "address", "pid", "connections", "CPU/connect", "RSS/connection", "CPU/delivery",
                        "CPU/push"),
                List.of("1", "http://127.0.0.1:8081", "1234", "50", "20.0 µs", "4.0 KiB", "1.50 µs", "150.0 µs"),
                List.of("2", "http://127.0.0.1:9081", "5678", "50", "36.5 µs", "5.0 KiB", "1.00 µs", "100.0 µs"));
        String text = d.getDocumentElement().getTextContent();
        assertThat(text).contains("process 1234, from /proc/1234", "java -jar herald.jar serve --secret (redacted)",
                "process 5678, from /proc/5678", "java -jar herald.jar serve --node-id n2", "HERALD_API_PORT");
        assertThat(Xml.elements(d, Xml.SVG, "text")).extracting(Element::getTextContent)
                .as("the node lines of the charts add the nodes up").contains("2 nodes, added up");
    }

    @Test
    void aRunAgainstOneNodeHasNoNodesTableNorHeadingPerNode() {
        Document d = Xml.parse(SampleResults.broadcast(null, 3, NODE).html());

        assertThat(headings(d, "h2")).doesNotContain("Nodes").contains("Node settings");
        assertThat(headings(d, "h3")).isEmpty();
        assertThat(Xml.elements(d, Xml.SVG, "text")).extracting(Element::getTextContent).contains("node")
                .doesNotContain("2 nodes, added up");
    }

    private static List<String> headings(Document d, String level) {
        return Xml.elements(d, Xml.XHTML, level).stream().map(Element::getTextContent).toList();
    }

    private static List<String> titles(Document d) {
        return Xml.elements(d, Xml.SVG, "text").stream().filter(e -> "title".equals(e.getAttribute("class")))
                .map(Element::getTextContent).toList();
    }

    private static String verdict(Document d) {
        return Xml.elements(d, Xml.XHTML, "span").stream()
                .filter(e -> e.getAttribute("class").startsWith("verdict")).findFirst().orElseThrow()
                .getTextContent();
    }
}
