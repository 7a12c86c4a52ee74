package io.herald.bench.measure;

import java.util.List;

/**
 * A run over time, for charts: when each of its phases began, and a point a second.
 *
 * @param phases  the phases in the order they began: connect, hold, warm-up, the scenario, drain
 * @param seconds a point at the start, one a second, one at the end
 */
public record Timeline(List<Phase> phases, List<SecondSample> seconds) {

    public Timeline {
        phases = List.copyOf(phases);
        seconds = List.copyOf(seconds);
    }

    /**
     * The start of a phase.
     *
     * @param seconds since the run began
     * @param name    connect, hold, warm-up, the scenario's label, drain
     */
    public record Phase(double seconds, String name) {
    }
}
