package io.herald.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency distribution, in microseconds. HdrHistogram keeps three significant digits: each value
 * is within 0.1% of a value that was recorded.
 *
 * @param count how many values
 * @param p50   the median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   the largest
 * @param mean  the mean
 */
public record LatencySummary(long count, long p50, long p90, long p99, long p999, long max, double mean) {

    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean());
    }
}
