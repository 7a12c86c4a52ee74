package io.herald.bench.report;

import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.Latencies;
import io.herald.bench.measure.LatencySummary;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeFigures;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.Timeline;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverRenderingTest {

    private static final LatencySummary LATENCY = Latencies.oneTo(1000);

    /** A failover run's result, as the bench's own holds it. */
    record Result(ConnectFigures connect, FailoverFigures failover, Timeline timeline) implements RunResult {

        String table() {
            return ResultTable.render(this);
        }

        String json() {
            return ResultJson.write(this);
        }

        String html() {
            return HtmlReport.render(this);
        }

        @Override
        public String scenario() {
            return "failover";
        }

        @Override
        public Instant started() {
            return Instant.parse("2026-11-21T12:00:00Z");
        }

        @Override
        public Map<String, Object> settings() {
            return SampleResults.settings("failover", null);
        }

        @Override
        public MachineFacts machine() {
            return new MachineFacts(2, "AMD EPYC", 24_684_092, "6.1.0", "OpenJDK 17", "epoll");
        }

        @Override
        public long serverPid() {
            return 1234;
        }

        @Override
        public List<String> notes() {
            return List.of();
        }

        @Override
        public PushFigures push() {
            return null;
        }

        @Override
        public List<NodeFigures> nodes() {
            return List.of();
        }

        @Override
        public List<NodeSettings> nodeSettings() {
            return List.of(new NodeSettings("http://127.0.0.1:8081", false, "unknown", List.of(), Map.of()));
        }
    }

    @Test
    void theTableSaysWhatWasKilledLostAndRecovered() {
        String table = result(0, 0).table();

        assertThat(table).contains("node 2 http://127.0.0.1:8083 (pid 2222) killed at 20.00 s; back as pid 3333, "
                        + "answering /healthz 2.50 s after the kill; its output goes where the killed process's went")
                .contains("6000 sent, 5990 answered 200, 1 refused (503: 1), 4 unanswered (their node died under "
                        + "them), 5 not sent (no API up); 200.0/s")
                .contains("5992 distinct pushes by their user's application (2 of them not answered 200)")
                .contains("0 answered 200 and never received")
                .contains("3 dropped by the clients' dedupe, 0 delivered twice to the application")
                .contains("100 (connection closed: 100)")
                .contains("100 clients logged in again (101 logins): 101 recovered:true, 0 recovered:false; "
                        + "1 attempts failed (connect: ConnectException: 1); 0 still down at the end")
                .contains("recovery time", "p50 500 µs")
                .contains("nodes 250.0 µs CPU/push (50.0% of one core), client 80.0 µs CPU/push (16.0%), "
                        + "over 31.50 s")
                .contains("RSS at the end: nodes 1200.0 MiB, client n/a")
                .contains("clean: no loss");
    }

    @Test
    void aLossOrASecondDeliveryMakesTheRunUncleanAndTheLostPushesAreListed() {
        Result lost = result(1, 0);
        Result twice = result(0, 1);

        assertThat(lost.clean()).isFalse();
        assertThat(twice.clean()).isFalse();
        assertThat(result(0, 0).clean()).isTrue();
        assertThat(lost.table()).contains("lost push", "push r.17 for r-3").contains("NOT CLEAN");
    }

    @Test
    void theJsonHoldsTheFailoverFigures() throws IOException {
        Map<String, String> leaves = ResultRenderingTest.leaves(result(1, 0).json());

        assertThat(leaves).containsEntry("push", "null")
                .containsEntry("failover.kill.restartedPid", "3333")
                .containsEntry("failover.kill.problem", "null")
                .containsEntry("failover.pushes.answered", "5990")
                .containsEntry("failover.pushes.refusals.503", "1")
                .containsEntry("failover.deliveries.lost", "1")
                .containsEntry("failover.deliveries.twice", "0")
                .containsEntry("failover.reconnects.recovered", "101")
                .containsEntry("failover.reconnects.recoveryMicros.p99", "990")
                .containsEntry("failover.lostPushes.0", "push r.17 for r-3")
                .containsEntry("clean", "false");
    }

    @Test
    void theReportIsWellFormedWithTheRecoveryChart() {
        Document d = Xml.parse(result(0, 0).html());

        Xml.assertFiniteCoordinates(d);
        assertThat(d.getDocumentElement().getTextContent()).contains("Delivery and recovery by percentile",
                "drop to login again", "recovered:true");
    }

    @Test
    void aRunThatKilledNothingOrWhoseNodeDidNotComeBackSaysSo() {
        FailoverFigures f = result(0, 0).failover();
        FailoverFigures none = new FailoverFigures(null, f.pushes(), f.deliveries(), f.reconnects(), f.latency(),
                f.answers(), f.seconds(), f.pushRate(), f.costs(), f.lostPushes());
        FailoverFigures notBack = new FailoverFigures(new FailoverFigures.Kill("http://127.0.0.1:8083", 1, 2222, 20,
                0, null, "its output goes to /tmp/x.log", "the restarted node exited with 1"), f.pushes(),
                f.deliveries(), f.reconnects(), f.latency(), f.answers(), f.seconds(), f.pushRate(), f.costs(),
                f.lostPushes());

        assertThat(new Result(result(0, 0).connect(), none, null).table()).contains("none (--kill-node 0)");
        assertThat(new Result(result(0, 0).connect(), notBack, null).table())
                .contains("killed at 20.00 s; it did not come back: the restarted node exited with 1");
    }

    private static Result result(long lost, long twice) {
        ConnectFigures connect = new ConnectFigures(300, 300, 0, Map.of(), 100, Map.of("connection closed", 100L),
                0.5, 600, LATENCY, 28.25, 10.0, 4.5);
        FailoverFigures failover = new FailoverFigures(
                new FailoverFigures.Kill("http://127.0.0.1:8083", 1, 2222, 20, 3333, 2.5,
                        "its output goes where the killed process's went", null),
                new FailoverFigures.Pushes(6000, 5990, 1, Map.of("503", 1L), 4, 5),
                new FailoverFigures.Deliveries(5992 - lost, 2, lost, 3, twice, 0, 0, 0, 0),
                new FailoverFigures.Reconnects(Map.of("connection closed", 100L), 100, 101, 101, 0, Map.of(),
                        Map.of("connect: ConnectException", 1L), 0, LATENCY),
                LATENCY, LATENCY, 31.5, 200.0,
                new FailoverFigures.PushCosts(250.0, 80.0, 50.0, 16.0, 3 * 400 * 1024L, null),
                lost == 0 ? List.of() : List.of("push r.17 for r-3"));
        return new Result(connect, failover, SampleResults.timeline(3));
    }
}
