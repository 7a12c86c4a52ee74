package io.herald.bench.measure;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * Percentiles of a latency distribution, in microseconds. HdrHistogram keeps three significant digits: each value
 * is within 0.1% of a value that was recorded.
 *
 * @param count       how many values
 * @param p50         the median
 * @param p90         90th percentile
 * @param p99         99th percentile
 * @param p999        99.9th percentile
 * @param max         the largest
 * @param mean        the mean
 * @param percentiles the distribution at {@link #LEVELS}, from the smallest value (0) to the largest (100), for a
 *                    percentile chart; empty where nothing was recorded
 */
public record LatencySummary(long count, long p50, long p90, long p99, long p999, long max, double mean,
                             List<Percentile> percentiles) {

    /**
     * The percentiles a distribution keeps: evenly spaced on the log scale of a latency chart, where 90, 99,
     * 99.9 and 99.99 are one step apart, down to the last one a million values can tell apart.
     */
    static final double[] LEVELS = {0, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.75, 99.9, 99.95, 99.975, 99.99, 99.995,
        99.999, 99.9999, 100};

    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    public LatencySummary {
        percentiles = List.copyOf(percentiles);
    }

    /** A summary without its distribution. */
    public LatencySummary(long count, long p50, long p90, long p99, long p999, long max, double mean) {
        this(count, p50, p90, p99, p999, max, mean, List.of());
    }

    /**
     * One point of a distribution.
     *
     * @param percentile from 0 (the smallest value) to 100 (the largest)
     * @param micros     the value at that percentile: this share of the values are no larger
     */
    public record Percentile(double percentile, long micros) {
    }

    static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        List<Percentile> percentiles = new ArrayList<>(LEVELS.length);
        for (double level : LEVELS) {
            long value = level == 0 ? h.getMinValue() : level == 100 ? h.getMaxValue() : h.getValueAtPercentile(level);
            percentiles.add(new Percentile(level, value));
        }
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean(), percentiles);
    }
}
