package io.herald.bench.report;

import io.herald.bench.measure.ConnectFigures;
import io.herald.bench.measure.FailoverFigures;
import io.herald.bench.measure.MachineFacts;
import io.herald.bench.measure.NodeFigures;
import io.herald.bench.measure.NodeSettings;
import io.herald.bench.measure.PushFigures;
import io.herald.bench.measure.SlowReaderFigures;
import io.herald.bench.measure.UpstreamFigures;
import io.herald.bench.measure.Timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's result as the renderers read it ({@link ResultTable}, {@link ResultJson}, {@link HtmlReport}): the bench's
 * {@code BenchResult} is the one a run makes. CPU and memory figures are null where the node's process could not
 * be sampled. Implementations are immutable.
 */
public interface RunResult {

    /** The scenario's label. */
    String scenario();

    /** When the run began. */
    Instant started();

    /** The run's settings, secrets left out. */
    Map<String, Object> settings();

    /** The machine it ran on. */
    MachineFacts machine();

    /** The (first) node's process id, or 0 where it was not sampled. */
    long serverPid();

    /** What the reader should know about the figures, such as why the node was not sampled. */
    List<String> notes();

    /** Opening and logging in the connections. */
    ConnectFigures connect();

    /** The pushes; null for {@code connect} and {@code failover}. */
    PushFigures push();

    /** A failover run's pushes, reconnects and recoveries; null for the other scenarios. */
    default FailoverFigures failover() {
        return null;
    }

    /** An upstream run's commands and their pushes; null for the other scenarios. */
    default UpstreamFigures upstream() {
        return null;
    }

    /** A slow-readers run's connections that never read, and the node's memory; null for the other scenarios. */
    default SlowReaderFigures slowReaders() {
        return null;
    }

    /** Each node's share of the costs, where two nodes or more were sampled; otherwise empty. */
    List<NodeFigures> nodes();

    /** The run's phases and the run second by second; its node figures add up the sampled nodes. */
    Timeline timeline();

    /** How each sampled node was started, in the order of their addresses; one unknown entry where none was. */
    List<NodeSettings> nodeSettings();

    /** Whether every delivery arrived once and only where it should: no loss, no duplicate, nothing misrouted. */
    default boolean clean() {
        return (push() == null || push().clean()) && (failover() == null || failover().clean())
                && (upstream() == null || upstream().clean());
    }
}
