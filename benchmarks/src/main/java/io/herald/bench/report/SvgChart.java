package io.herald.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG, drawn here without any library: a title, a legend, axes with grid lines and labels,
 * one line per series, and vertical markers (the run's phases). Points that are not finite numbers are left out,
 * so every coordinate written is a number; a chart without points says so instead of drawing lines. Immutable.
 *
 * @param title        what the chart shows
 * @param xLabel       the horizontal axis' name
 * @param yLabel       the vertical axis' name, with its unit
 * @param percentileX  whether x values are percentiles (0 to 100) drawn on a log scale of nines; otherwise linear
 * @param lines        the series
 * @param markers      labelled vertical lines
 * @param emptyMessage what a chart without points says
 */
record SvgChart(String title, String xLabel, String yLabel, boolean percentileX, List<Line> lines,
                List<Marker> markers, String emptyMessage) {

    static final int WIDTH = 720;
    static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 56;
    private static final int BOTTOM = 42;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    /** Lines with this many points or fewer also get a dot at each point, so a single point shows. */
    private static final int DOTS_UP_TO = 40;
    private static final double CHAR_WIDTH = 6.6;
    private static final String[] COLORS = {"#1f6fb4", "#d6372c", "#2a9d3c", "#e68a00", "#7b4fb5"};

    SvgChart {
        lines = List.copyOf(lines);
        markers = List.copyOf(markers);
    }

    /** A series: its name for the legend and its points. */
    record Line(String name, List<Point> points) {
        Line {
            points = List.copyOf(points);
        }
    }

    record Point(double x, double y) {
        boolean finite(boolean percentileX) {
            return Double.isFinite(y) && Double.isFinite(percentileX ? ChartAxis.nines(x) : x);
        }
    }

    /** A vertical line at {@code x}, labelled. */
    record Marker(double x, String label) {
    }

    /** The chart as an {@code <svg>} element, its styles inline: it reads the same inside the page or out. */
    String svg() {
        StringBuilder b = new StringBuilder(4096);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        attributes(b, "class", "chart", "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "role", "img", "aria-label", title,
                "font-family", "system-ui, sans-serif", "font-size", 12, "fill", "#333");
        b.append(">\n");
        element(b, "rect", "width", WIDTH, "height", HEIGHT, "fill", "#fff");
        text(b, title, "class", "title", "x", LEFT, "y", 18, "font-size", 14, "font-weight", 600);
        List<Line> drawn = lines.stream().map(l -> new Line(l.name(),
                l.points().stream().filter(p -> p.finite(percentileX)).toList())).toList();
        List<Point> all = drawn.stream().flatMap(l -> l.points().stream()).toList();
        boolean empty = all.isEmpty();
        ChartAxis x = empty ? ChartAxis.linear(0, 1) : percentileX
                ? ChartAxis.percentile(all.stream().mapToDouble(p -> ChartAxis.nines(p.x())).max().orElse(1))
                : ChartAxis.linear(all.stream().mapToDouble(Point::x).min().orElse(0),
                        all.stream().mapToDouble(Point::x).max().orElse(1));
        ChartAxis y = empty ? ChartAxis.linear(0, 1) : ChartAxis.linear(
                all.stream().mapToDouble(Point::y).min().orElse(0), all.stream().mapToDouble(Point::y).max().orElse(1));
        grid(b, x, y);
        if (empty) {
            text(b, emptyMessage, "class", "empty", "x", LEFT + PLOT_WIDTH / 2, "y", TOP + PLOT_HEIGHT / 2,
                    "text-anchor", "middle", "fill", "#999");
        } else {
            markers(b, x);
            for (int i = 0; i < drawn.size(); i++) {
                line(b, drawn.get(i), COLORS[i % COLORS.length], x, y);
            }
        }
        legend(b);
        return b.append("</svg>\n").toString();
    }

    private void grid(StringBuilder b, ChartAxis x, ChartAxis y) {
        b.append("<g class=\"grid\" stroke=\"#e8e8e8\">\n");
        for (double t : y.ticks()) {
            double py = py(y, t);
            element(b, "line", "x1", LEFT, "x2", LEFT + PLOT_WIDTH, "y1", n(py), "y2", n(py));
        }
        for (double t : x.ticks()) {
            double px = onAxis(x, t);
            element(b, "line", "x1", n(px), "x2", n(px), "y1", TOP, "y2", TOP + PLOT_HEIGHT);
        }
        b.append("</g>\n<g class=\"ticks\" fill=\"#666\" font-size=\"11\">\n");
        for (double t : y.ticks()) {
            text(b, y.label(t), "x", LEFT - 6, "y", n(py(y, t) + 4), "text-anchor", "end");
        }
        for (double t : x.ticks()) {
            text(b, x.label(t), "x", n(onAxis(x, t)), "y", TOP + PLOT_HEIGHT + 16, "text-anchor", "middle");
        }
        b.append("</g>\n");
        element(b, "rect", "class", "frame", "x", LEFT, "y", TOP, "width", PLOT_WIDTH, "height", PLOT_HEIGHT,
                "fill", "none", "stroke", "#aaa");
        text(b, xLabel, "class", "axis", "x", LEFT + PLOT_WIDTH / 2, "y", HEIGHT - 6, "text-anchor", "middle");
        text(b, yLabel, "class", "axis", "x", -(TOP + PLOT_HEIGHT / 2), "y", 14, "transform", "rotate(-90)",
                "text-anchor", "middle");
    }

    private void markers(StringBuilder b, ChartAxis x) {
        List<Marker> shown = markers.stream()
                .filter(m -> Double.isFinite(m.x()) && m.x() >= x.min() && m.x() <= x.max()).toList();
        for (int i = 0; i < shown.size(); i++) {
            Marker m = shown.get(i);
            double px = px(x, m.x());
            element(b, "line", "class", "marker", "x1", n(px), "x2", n(px), "y1", TOP, "y2", TOP + PLOT_HEIGHT,
                    "stroke", "#999", "stroke-dasharray", "4 3");
            // Labels sit above the plot, off the lines; one that would run into the next phase's gives way to it.
            double room = i + 1 < shown.size() ? px(x, shown.get(i + 1).x()) - px : Double.POSITIVE_INFINITY;
            if (room > m.label().length() * CHAR_WIDTH + 6) {
                text(b, m.label(), "class", "marker", "x", n(px + 3), "y", TOP - 4, "fill", "#666", "font-size", 11);
            }
        }
    }

    private void line(StringBuilder b, Line line, String color, ChartAxis x, ChartAxis y) {
        if (line.points().size() > 1) {
            StringBuilder points = new StringBuilder();
            for (Point p : line.points()) {
                points.append(points.length() == 0 ? "" : " ").append(n(px(x, p.x()))).append(',')
                        .append(n(py(y, p.y())));
            }
            element(b, "polyline", "class", "series", "points", points, "fill", "none", "stroke", color,
                    "stroke-width", 1.8, "stroke-linejoin", "round");
        }
        if (line.points().size() <= DOTS_UP_TO) {
            for (Point p : line.points()) {
                element(b, "circle", "cx", n(px(x, p.x())), "cy", n(py(y, p.y())), "r", 2.5, "fill", color);
            }
        }
    }

    private void legend(StringBuilder b) {
        double at = LEFT;
        for (int i = 0; i < lines.size(); i++) {
            element(b, "rect", "x", n(at), "y", 27, "width", 12, "height", 8, "fill", COLORS[i % COLORS.length]);
            text(b, lines.get(i).name(), "class", "legend", "x", n(at + 16), "y", 35);
            at += 16 + lines.get(i).name().length() * CHAR_WIDTH + 18;
        }
    }

    /** An empty element: {@code <name a="v" …/>}, every value escaped. */
    private static void element(StringBuilder b, String name, Object... attributes) {
        b.append('<').append(name);
        attributes(b, attributes);
        b.append("/>\n");
    }

    /** A text element holding {@code text}, escaped. */
    private static void text(StringBuilder b, String text, Object... attributes) {
        b.append("<text");
        attributes(b, attributes);
        b.append('>').append(Html.escape(text)).append("</text>\n");
    }

    private static void attributes(StringBuilder b, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.append(' ').append(namesAndValues[i]).append("=\"")
                    .append(Html.escape(String.valueOf(namesAndValues[i + 1]))).append('"');
        }
    }

    /** Where a data value falls: percentiles go on the axis as nines. */
    private double px(ChartAxis x, double value) {
        return onAxis(x, percentileX ? ChartAxis.nines(value) : value);
    }

    private static double onAxis(ChartAxis x, double axisValue) {
        return LEFT + PLOT_WIDTH * x.fraction(axisValue);
    }

    private static double py(ChartAxis y, double value) {
        return TOP + PLOT_HEIGHT * (1 - y.fraction(value));
    }

    /** A coordinate: one decimal is a tenth of a pixel. */
    private static String n(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
