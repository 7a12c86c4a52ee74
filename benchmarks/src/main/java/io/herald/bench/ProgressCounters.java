package io.herald.bench;

import io.herald.bench.measure.RunCounters;

/** The counters a run's {@link Progress} reads: its series' own, and what the line adds. Thread-safe. */
interface ProgressCounters extends RunCounters {

    /** Whether the pushes have begun: the line then shows them. */
    boolean pushing();

    /** What the scenario adds to the line after the pushes, such as its reconnects; empty for nothing. */
    default String more() {
        return "";
    }
}
