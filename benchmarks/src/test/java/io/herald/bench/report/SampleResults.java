package io.herald.bench.report;

import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.Latencies;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeFigures;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SecondSample;
import io.herald.bench.measure.Timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Results as a run would make them, for the renderers' tests. */
final class SampleResults {

    static final LatencySummary LATENCY = Latencies.oneTo(1000);

    private SampleResults() {
    }

    /** A result as the bench's own holds it, with its renderings. */
    record Result(String scenario, Instant started, Map<String, Object> settings, MachineFacts machine,
                  long serverPid, List<String> notes, ConnectFigures connect, PushFigures push,
                  List<NodeFigures> nodes, Timeline timeline, List<NodeSettings> nodeSettings) implements RunResult {

        String table() {
            return ResultTable.render(this);
        }

        String json() {
            return ResultJson.write(this);
        }

        String html() {
            return HtmlReport.render(this);
        }
    }

    /** Some of a run's settings as it describes them: {@code group} null where it has none. */
    static Map<String, Object> settings(String scenario, String group) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scenario", scenario);
        settings.put("connections", 1000);
        settings.put("httpConcurrency", 8);
        settings.put("group", group);
        settings.put("secret", false);
        return settings;
    }

    /** A clean broadcast to {@code group} with {@code seconds} points a second after the first. */
    static Result broadcast(String group, int seconds, NodeSettings node) {
        return new Result("broadcast", Instant.parse("2026-11-21T12:00:00Z"), settings("broadcast", group),
                new MachineFacts(2, "AMD EPYC \"7B13\"", 24_684_092, "6.1.0", "OpenJDK 17", "epoll"), 1234,
                List.of("a note"),
                new ConnectFigures(100, 100, 0, Map.of(), 0, Map.of(), 0.5, 200, LATENCY, 28.25, 10.0, 4.5),
                new PushFigures(10, 10, 0, Map.of(), 0, 1000, 1000, 1000, 0, 0, 0, 0, 0, 5.0, 2.0, 200.0,
                        LATENCY, LATENCY, 2.5, 250.0, null),
                List.of(), timeline(seconds), List.of(node));
    }

    /**
     * The broadcast above as a run against two nodes would make it: each node's share, and each node's settings
     * ({@code first}'s and another's).
     */
    static Result twoNodes(NodeSettings first) {
        Result one = broadcast(null, 3, first);
        return new Result("cluster", one.started(), one.settings(), one.machine(), 1234, List.of(),
                one.connect(), one.push(), List.of(
                new NodeFigures("http://127.0.0.1:8081", 1234, 50, 20.0, 4.0, 1.5, 150.0),
                new NodeFigures("http://127.0.0.1:9081", 5678, 50, 36.5, 5.0, 1.0, 100.0)),
                one.timeline(), List.of(first, new NodeSettings("http://127.0.0.1:9081", true,
                        "process 5678, from /proc/5678", List.of("java", "-jar", "herald.jar", "serve",
                        "--node-id", "n2"), Map.of("HERALD_API_PORT", "9081"))));
    }

    /** Connect for a second, warm up for one, broadcast until the last second, which drains. */
    static Timeline timeline(int seconds) {
        return new Timeline(List.of(new Timeline.Phase(0, "connect"), new Timeline.Phase(0.9, "warm-up"),
                new Timeline.Phase(1.9, "broadcast"), new Timeline.Phase(seconds - 0.5, "drain")), series(seconds));
    }

    private static List<SecondSample> series(int seconds) {
        List<SecondSample> series = new ArrayList<>();
        series.add(new SecondSample(0, "connect", 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, null, null, null, 100_000L,
                null, 50_000L));
        for (int i = 1; i <= seconds; i++) {
            String phase = i == 1 ? "connect" : i == 2 ? "warm-up" : i < seconds ? "broadcast" : "drain";
            series.add(new SecondSample(i, phase, 100, 0, 0, i == 1 ? 100 : 0, i == 1 ? 900L : null, 2L * i, 2,
                    200L * i, 200, 0, 0, 400L + i, 900L + i, 37.5, 100_000L + 450, 12.5, 60_000L));
        }
        return series;
    }
}
