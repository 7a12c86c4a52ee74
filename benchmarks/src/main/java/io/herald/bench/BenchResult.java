package io.herald.bench;

import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeFigures;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SlowReaderFigures;
import io.herald.bench.measure.UpstreamFigures;
import io.herald.bench.measure.Timeline;
import io.herald.bench.report.HtmlReport;
import io.herald.bench.report.ResultJson;
import io.herald.bench.report.ResultTable;
import io.herald.bench.report.RunResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run measured, and its renderings. CPU and memory figures are null where the node's process could not be
 * sampled; {@link #clean()} says whether every delivery arrived once and only where it should.
 *
 * @param scenario     the scenario's label
 * @param started      when the run began
 * @param settings     the run's settings, secrets left out
 * @param machine      the machine it ran on
 * @param serverPid    the (first) node's process id, or 0 where it was not sampled
 * @param notes        what the reader should know about the figures, such as why the node was not sampled
 * @param connect      opening and logging in the connections
 * @param push         the pushes; null for {@code connect} and {@code failover}
 * @param failover     the failover run's pushes, reconnects and recoveries; null for the other scenarios
 * @param upstream     the upstream run's commands and their pushes; null for the other scenarios
 * @param slowReaders  the slow-readers run's connections that never read and the node's memory; null for the
 *                     other scenarios
 * @param nodes        each node's share of the costs, where two nodes or more were sampled; otherwise empty
 * @param timeline     the run's phases and the run second by second, for charts; its node figures add up the
 *                     sampled nodes
 * @param nodeSettings how each sampled node was started, where it could be read, in the order of their addresses;
 *                     one unknown entry where no node was sampled
 */
public record BenchResult(String scenario, Instant started, Map<String, Object> settings, MachineFacts machine,
                          long serverPid, List<String> notes, ConnectFigures connect, PushFigures push,
                          FailoverFigures failover, UpstreamFigures upstream, SlowReaderFigures slowReaders,
                          List<NodeFigures> nodes,
                          Timeline timeline,
                          List<NodeSettings> nodeSettings)
        implements RunResult {

    /** The result as a table for people. */
    public String table() {
        return ResultTable.render(this);
    }

    /** The result as JSON for scripts. */
    public String json() {
        return ResultJson.write(this);
    }

    /** The result as a self-contained HTML page with charts, which opens without a network. */
    public String html() {
        return HtmlReport.render(this);
    }
}
