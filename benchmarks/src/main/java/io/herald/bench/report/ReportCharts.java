package io.herald.bench.report;

import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SecondSample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The charts of a run's report, drawn from its result: latency by percentile (deliveries, API answers, connects),
 * and over time the rates, the latency of each second, the connections, the node's memory in all and per
 * connection, and CPU on either side. Time charts mark where each phase of the run began. Against several nodes,
 * the node lines add up every sampled node.
 */
final class ReportCharts {

    private static final String SECONDS = "seconds since the run began";
    private static final String PERCENTILE = "percentile (log scale)";
    private static final String NOT_SAMPLED = "no figures: the node's process was not sampled";
    private static final String NO_POINTS = "no figures: the run was too short for a point a second";

    private final RunResult result;
    private final List<SecondSample> series;
    private final List<SvgChart.Marker> phases;
    private final String node;

    private ReportCharts(RunResult result) {
        this.result = result;
        this.series = result.timeline().seconds();
        this.phases = result.timeline().phases().stream().map(p -> new SvgChart.Marker(p.seconds(), p.name()))
                .toList();
        this.node = result.nodes().size() > 1 ? result.nodes().size() + " nodes, added up" : "node";
    }

    /** Every chart of {@code result}, in the report's order. */
    static List<SvgChart> of(RunResult result) {
        return new ReportCharts(result).charts();
    }

    private List<SvgChart> charts() {
        List<SvgChart> charts = new ArrayList<>();
        PushFigures push = result.push();
        FailoverFigures failover = result.failover();
        if (push != null) {
            Unit unit = Unit.forLargest(Math.max(push.latencyMicros().max(), push.answerMicros().max()));
            charts.add(percentiles("Delivery latency by percentile", unit, List.of(
                    curve("send to receipt", push.latencyMicros(), unit),
                    curve("API answer", push.answerMicros(), unit))));
        } else if (failover != null) {
            LatencySummary recovery = failover.reconnects().recoveryMicros();
            Unit unit = Unit.forLargest(Math.max(Math.max(failover.latency().max(), failover.answers().max()),
                    recovery.max()));
            charts.add(percentiles("Delivery and recovery by percentile", unit, List.of(
                    curve("send to application", failover.latency(), unit),
                    curve("API answer", failover.answers(), unit),
                    curve("drop to login again", recovery, unit))));
        }
        if (push != null || failover != null) {
            charts.add(overTime("Deliveries per second", "deliveries/s", NO_POINTS,
                    line("received", s -> true, SecondSample::deliveriesPerSecond)));
            charts.add(overTime("Pushes per second", "pushes/s", NO_POINTS,
                    line("sent", s -> true, SecondSample::pushesPerSecond)));
            Unit perSecond = Unit.forLargest(series.stream().filter(s -> s.latencyP99Micros() != null)
                    .mapToLong(SecondSample::latencyP99Micros).max().orElse(0));
            charts.add(overTime("Delivery latency, second by second", perSecond.name(), "no delivery was measured",
                    line("p50", s -> s.latencyP50Micros() != null, s -> perSecond.value(s.latencyP50Micros())),
                    line("p99", s -> s.latencyP99Micros() != null, s -> perSecond.value(s.latencyP99Micros()))));
        }
        LatencySummary connect = result.connect().latencyMicros();
        Unit unit = Unit.forLargest(connect.max());
        charts.add(percentiles("Connect time by percentile (connect to ready)", unit,
                List.of(curve("connect", connect, unit))));
        charts.add(overTime("Connections", "connections", NO_POINTS,
                line("ready", s -> true, s -> (double) s.ready()),
                line("closed by the node", s -> true, s -> (double) s.closed()),
                line("failed", s -> true, s -> (double) s.failed())));
        charts.add(overTime("Resident memory", "MiB", NOT_SAMPLED,
                line(node, s -> s.serverRssKiB() != null, s -> s.serverRssKiB() / 1024.0),
                line("client", s -> s.clientRssKiB() != null, s -> s.clientRssKiB() / 1024.0)));
        charts.add(overTime("Node memory per connection (RSS growth since the start)",
                "KiB per ready connection", NOT_SAMPLED, memoryPerConnection()));
        charts.add(overTime("CPU", "% of one core", NO_POINTS,
                line(node, s -> s.serverCpuPercent() != null, SecondSample::serverCpuPercent),
                line("client", s -> s.clientCpuPercent() != null, SecondSample::clientCpuPercent)));
        return charts;
    }

    private static SvgChart percentiles(String title, Unit unit, List<SvgChart.Line> lines) {
        return new SvgChart(title, PERCENTILE, unit.name(), true, lines, List.of(), "nothing was measured");
    }

    private SvgChart overTime(String title, String yLabel, String empty, SvgChart.Line... lines) {
        return new SvgChart(title, SECONDS, yLabel, false, List.of(lines), phases, empty);
    }

    /**
     * A latency distribution, up to the last percentile its count of values can tell (with 1,000 values, 99.9%);
     * the largest value goes into the legend, as a log axis cannot reach 100%.
     */
    static SvgChart.Line curve(String name, LatencySummary latency, Unit unit) {
        List<SvgChart.Point> points = latency.percentiles().stream()
                .filter(p -> p.percentile() < 100 && 100 / (100 - p.percentile()) <= latency.count() + 1e-9)
                .map(p -> new SvgChart.Point(p.percentile(), unit.value(p.micros())))
                .toList();
        String max = latency.count() == 0 ? ""
                : ", max " + ResultTable.fixed(unit.value(latency.max()), 2) + " " + unit.name();
        return new SvgChart.Line(name + max, points);
    }

    /** Milliseconds, or seconds for latencies of seconds: an axis reads 4 s better than 4k ms. */
    record Unit(String name, double micros) {
        static Unit forLargest(long largestMicros) {
            return largestMicros >= 2_000_000 ? new Unit("s", 1e6) : new Unit("ms", 1e3);
        }

        double value(long valueMicros) {
            return valueMicros / micros;
        }
    }

    private SvgChart.Line line(String name, Predicate<SecondSample> has, Function<SecondSample, Double> value) {
        return new SvgChart.Line(name, series.stream().filter(has)
                .map(s -> new SvgChart.Point(s.seconds(), value.apply(s))).toList());
    }

    /** The node's RSS growth from the run's first point, over the connections ready at each point. */
    private SvgChart.Line memoryPerConnection() {
        Long base = series.isEmpty() ? null : series.get(0).serverRssKiB();
        List<SvgChart.Point> points = base == null ? List.of() : series.stream()
                .filter(s -> s.ready() > 0 && s.serverRssKiB() != null)
                .map(s -> new SvgChart.Point(s.seconds(), (s.serverRssKiB() - base) / (double) s.ready()))
                .toList();
        return new SvgChart.Line(node, points);
    }
}
