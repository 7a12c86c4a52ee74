package io.herald.bench.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a chart: its range and its ticks, and where a value falls on it. A linear axis has round ticks
 * (1, 2 or 5 times a power of ten) and starts at zero unless a value is negative; a percentile axis is the log
 * scale of latency charts, where 0, 90, 99, 99.9 and 99.99 are one step apart.
 *
 * @param min        the lowest value shown
 * @param max        the highest value shown, always above {@code min}
 * @param ticks      the values that get a grid line and a label
 * @param step       the distance between ticks, which decides their labels' decimals
 * @param percentile whether the values are nines of a percentile axis
 */
record ChartAxis(double min, double max, List<Double> ticks, double step, boolean percentile) {

    private static final int TARGET_TICKS = 5;
    private static final int MAX_TICKS = 20;

    /** A linear axis from zero (or the lowest value, if negative) to a round value above the highest. */
    static ChartAxis linear(double lowest, double highest) {
        double min = Math.min(0, lowest);
        double max = highest > min ? highest : min + 1;
        double step = niceStep((max - min) / TARGET_TICKS);
        min = Math.floor(min / step) * step;
        max = Math.ceil(max / step) * step;
        List<Double> ticks = new ArrayList<>();
        // The bound on i only matters for ranges beyond a double's: a step of 1 then never reaches the end.
        for (int i = 0; min + i * step <= max + step / 1e6 && i <= MAX_TICKS; i++) {
            ticks.add(min + i * step);
        }
        return new ChartAxis(min, max, ticks, step, false);
    }

    /** A percentile axis, in nines, from 0% to the whole nine at or above {@code highestNines}. */
    static ChartAxis percentile(double highestNines) {
        int nines = (int) Math.max(1, Math.ceil(highestNines - 1e-9));
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i <= nines; i++) {
            ticks.add((double) i);
        }
        return new ChartAxis(0, nines, ticks, 1, true);
    }

    /** A percentile (0 to 100) in nines: 90 is 1, 99 is 2, 99.9 is 3; 100 is infinite. */
    static double nines(double percentile) {
        return Math.log10(100 / (100 - percentile));
    }

    /** Where {@code value} falls, from 0 (at {@code min}) to 1 (at {@code max}). */
    double fraction(double value) {
        return (value - min) / (max - min);
    }

    /** The label of a tick. */
    String label(double tick) {
        if (percentile) {
            // 100 - 10^(2 - nines), exactly: 90, 99, 99.9, 99.99
            return BigDecimal.valueOf(100).subtract(BigDecimal.ONE.movePointLeft((int) tick - 2))
                    .stripTrailingZeros().toPlainString() + "%";
        }
        if (tick == 0) {
            return "0";
        }
        if (step >= 1_000_000) {
            return ResultTable.fixed(tick / 1e6, decimals(step / 1e6)) + "M";
        }
        if (step >= 1000) {
            return ResultTable.fixed(tick / 1e3, decimals(step / 1e3)) + "k";
        }
        return ResultTable.fixed(tick, decimals(step));
    }

    private static int decimals(double step) {
        return step >= 1 ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
    }

    /** 1, 2 or 5 times a power of ten, near {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normal = rough / magnitude;
        double nice = normal < 1.5 ? 1 : normal < 3 ? 2 : normal < 7 ? 5 : 10;
        return nice * magnitude;
    }
}
