package io.herald.bench.report;

import io.herald.bench.measure.Latencies;
import io.herald.bench.measure.LatencySummary;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {

    @Test
    void aLineOverTimeIsAPolylineWithAxesAndPhases() {
        Document d = Xml.parse(chart(false, new SvgChart.Line("received", List.of(new SvgChart.Point(0, 0),
                new SvgChart.Point(1, 1200), new SvgChart.Point(2, 2600)))).svg());

        Xml.assertFiniteCoordinates(d);
        assertThat(Xml.elements(d, Xml.SVG, "polyline")).hasSize(1);
        assertThat(Xml.elements(d, Xml.SVG, "circle")).hasSize(3);
        assertThat(texts(d)).contains("Deliveries", "received", "seconds", "per second", "0", "1000", "3000",
                "warm-up");
    }

    @Test
    void aChartWithoutPointsSaysSoAndDrawsNoLine() {
        Document d = Xml.parse(chart(false, new SvgChart.Line("received", List.of())).svg());

        Xml.assertFiniteCoordinates(d);
        assertThat(Xml.elements(d, Xml.SVG, "polyline")).isEmpty();
        assertThat(Xml.elements(d, Xml.SVG, "circle")).isEmpty();
        assertThat(texts(d)).contains("no data");
    }

    @Test
    void aChartWithoutAnyLineSaysSo() {
        Document d = Xml.parse(chart(false).svg());

        Xml.assertFiniteCoordinates(d);
        assertThat(texts(d)).contains("no data");
    }

    @Test
    void aSinglePointIsADot() {
        Document d = Xml.parse(chart(false, new SvgChart.Line("received", List.of(new SvgChart.Point(3, 7)))).svg());

        Xml.assertFiniteCoordinates(d);
        assertThat(Xml.elements(d, Xml.SVG, "polyline")).isEmpty();
        assertThat(Xml.elements(d, Xml.SVG, "circle")).hasSize(1);
    }

    @Test
    void pointsThatAreNotNumbersAreLeftOut() {
        Document d = Xml.parse(chart(false, new SvgChart.Line("received", List.of(new SvgChart.Point(0, 1),
                new SvgChart.Point(1, Double.NaN), new SvgChart.Point(Double.POSITIVE_INFINITY, 2),
                new SvgChart.Point(2, 3)))).svg());

        Xml.assertFiniteCoordinates(d);
        assertThat(Xml.elements(d, Xml.SVG, "circle")).hasSize(2);
    }

    @Test
    void percentilesGoOnALogScaleOfNinesWithoutTheHundredth() {
        SvgChart.Line curve = ReportCharts.curve("send to receipt", Latencies.oneTo(1000),
                ReportCharts.Unit.forLargest(1000));
        Document d = Xml.parse(chart(true, curve).svg());

        Xml.assertFiniteCoordinates(d);
        assertThat(curve.points()).extracting(SvgChart.Point::x).startsWith(0.0).endsWith(99.9)
                .doesNotContain(100.0, 99.95);
        assertThat(curve.name()).isEqualTo("send to receipt, max 1.00 ms");
        assertThat(texts(d)).contains("0%", "90%", "99%", "99.9%").doesNotContain("99.99%");
    }

    @Test
    void latenciesOfSecondsAreDrawnInSeconds() {
        LatencySummary slow = new LatencySummary(1, 4_000_000, 4_000_000, 4_000_000, 4_000_000, 4_500_000, 4e6,
                List.of(new LatencySummary.Percentile(0, 4_000_000), new LatencySummary.Percentile(100, 4_500_000)));

        SvgChart.Line curve = ReportCharts.curve("connect", slow, ReportCharts.Unit.forLargest(slow.max()));

        assertThat(curve.name()).isEqualTo("connect, max 4.50 s");
        assertThat(curve.points()).containsExactly(new SvgChart.Point(0, 4.0));
        assertThat(ReportCharts.Unit.forLargest(1_999_999).name()).isEqualTo("ms");
    }

    @Test
    void aSingleValuePercentileCurveIsAPointAtZero() {
        SvgChart.Line curve = ReportCharts.curve("connect", Latencies.oneTo(1), ReportCharts.Unit.forLargest(1));
        Document d = Xml.parse(chart(true, curve).svg());

        Xml.assertFiniteCoordinates(d);
        assertThat(curve.points()).containsExactly(new SvgChart.Point(0, 0.001));
    }

    @Test
    void textIsEscaped() {
        String hostile = "<script>alert('x')</script> & \"friends\"\u0000";
        Document d = Xml.parse(new SvgChart(hostile, hostile, hostile, false,
                List.of(new SvgChart.Line(hostile, List.of(new SvgChart.Point(0, 1), new SvgChart.Point(1, 2)))),
                List.of(new SvgChart.Marker(0, hostile)), hostile).svg());

        assertThat(Xml.elements(d, "*", "script")).isEmpty();
        assertThat(texts(d)).contains("<script>alert('x')</script> & \"friends\"\uFFFD");
    }

    @Test
    void axesHaveRoundTicksFromZero() {
        ChartAxis a = ChartAxis.linear(3, 1234);

        assertThat(a.min()).isZero();
        assertThat(a.max()).isEqualTo(1400.0);
        assertThat(a.ticks()).containsExactly(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0, 1400.0);
        assertThat(a.label(1200)).isEqualTo("1200");
        assertThat(ChartAxis.linear(0, 0).max()).as("a flat line still has a range").isPositive();
        assertThat(ChartAxis.linear(0, 0.037).label(0.02)).isEqualTo("0.02");
        assertThat(ChartAxis.linear(0, 4_800_000).label(2_000_000)).isEqualTo("2M");
        assertThat(ChartAxis.linear(0, 4_800_000).label(0)).isEqualTo("0");
        assertThat(ChartAxis.niceStep(Double.NaN)).isEqualTo(1.0);
        assertThat(ChartAxis.linear(-Double.MAX_VALUE, Double.MAX_VALUE).ticks()).hasSizeLessThan(30);
    }

    private static SvgChart chart(boolean percentile, SvgChart.Line... lines) {
        return new SvgChart("Deliveries", "seconds", "per second", percentile, List.of(lines),
                percentile ? List.of() : List.of(new SvgChart.Marker(0, "connect"), new SvgChart.Marker(1, "warm-up")),
                "no data");
    }

    private static String texts(Document d) {
        StringBuilder b = new StringBuilder();
        for (Element e : Xml.elements(d, Xml.SVG, "text")) {
            b.append(e.getTextContent()).append('\n');
        }
        return b.toString();
    }
}
