package io.mailing.console.chart;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A timeline drawn as stacked bars, one bar per step (in the middle of its slot, at most {@value #MAX_BAR} wide) and
 * one colour per final status, for the {@code console/chart}
 * fragment to render as an inline SVG: the server draws it, so the page needs no script and no chart library. The
 * figures are also in {@link #rows()}, the table a person reads instead of the picture.
 *
 * @param label what the chart shows, its accessible name
 * @param summary the chart in one sentence, its accessible description
 */
public record Chart(
        String label, String summary, List<Bar> bars, List<Tick> ticks, List<Tick> times, List<Timeline.Point> rows) {

    /** The final statuses, bottom to top of a bar; each has its colour in the stylesheet ({@code chart-sent}…). */
    public static final List<String> STATUSES = List.of("SENT", "FAILED", "EXPIRED", "CANCELLED", "SUPPRESSED");

    public static final int WIDTH = 720;
    public static final int HEIGHT = 220;
    static final int LEFT = 48;
    static final int RIGHT = 8;
    static final int TOP = 10;
    static final int BOTTOM = 24;

    /** The widest a bar gets, so that a few steps do not look like a wall. */
    static final double MAX_BAR = 28;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);

    /** Draws {@code timeline} with its times in {@code zone}; {@code label} names what it counts. */
    public static Chart of(String label, Timeline timeline, ZoneId zone) {
        List<Timeline.Point> points = timeline.points();
        long peak = points.stream().mapToLong(Timeline.Point::total).max().orElse(0);
        long top = roundUp(Math.max(peak, 2));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = points.isEmpty() ? 0 : plotWidth / points.size();
        double barWidth = Math.max(Math.min(slot - (slot > 3 ? 1 : 0), MAX_BAR), 0.5);
        double inset = (slot - barWidth) / 2;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double y = HEIGHT - BOTTOM;
            for (String status : STATUSES) {
                long count = points.get(i).of(status);
                if (count > 0) {
                    double height = count * plotHeight / top;
                    y -= height;
                    bars.add(new Bar(
                            round(LEFT + i * slot + inset),
                            round(y),
                            round(barWidth),
                            round(height),
                            "chart-" + status.toLowerCase()));
                }
            }
        }
        List<Tick> ticks = List.of(
                new Tick(HEIGHT - BOTTOM, "0"),
                new Tick(round(HEIGHT - BOTTOM - (top / 2) * plotHeight / top), Long.toString(top / 2)),
                new Tick(TOP, Long.toString(top)));
        List<Tick> times = new ArrayList<>();
        if (!points.isEmpty()) {
            boolean days =
                    Math.abs(timeline.to().getEpochSecond() - timeline.from().getEpochSecond()) > 86_400;
            DateTimeFormatter format = (days ? DAY_AND_TIME : TIME).withZone(zone);
            times.add(new Tick(LEFT, format.format(points.get(0).at())));
            if (points.size() >= 4) {
                int middle = points.size() / 2;
                times.add(new Tick(
                        round(LEFT + middle * slot),
                        format.format(points.get(middle).at())));
            }
            times.add(new Tick(WIDTH - RIGHT, format.format(timeline.to())));
        }
        String per = timeline.stepMinutes() == 1 ? "minute" : timeline.stepMinutes() + " minutes";
        String summary = points.isEmpty()
                ? "No message has reached a final status yet."
                : String.format(
                        "%d %s finished from %s to %s, at most %d in %s.",
                        timeline.total(),
                        timeline.total() == 1 ? "message" : "messages",
                        DAY_AND_TIME.withZone(zone).format(timeline.from()),
                        DAY_AND_TIME.withZone(zone).format(timeline.to()),
                        peak,
                        per.equals("minute") ? "a minute" : per);
        List<Timeline.Point> rows =
                points.stream().filter(point -> point.total() > 0).toList();
        return new Chart(label + " per " + per, summary, bars, ticks, times, rows);
    }

    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    public int plotLeft() {
        return LEFT;
    }

    public int plotRight() {
        return WIDTH - RIGHT;
    }

    public int labelX() {
        return LEFT - 6;
    }

    public int timeY() {
        return HEIGHT - 6;
    }

    /** The statuses in the order the legend and the table name them. */
    public List<String> statuses() {
        return STATUSES;
    }

    /** The smallest of 1, 2 and 5 times a power of ten that is at least {@code value}: the top of the scale. */
    static long roundUp(long value) {
        long power = 1;
        while (true) {
            for (long step : new long[] {1, 2, 5}) {
                if (step * power >= value) {
                    return step * power;
                }
            }
            power *= 10;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** One status's part of one step's bar, in the SVG's coordinates. */
    public record Bar(double x, double y, double width, double height, String cssClass) {}

    /** A label on an axis, at {@code at} (y for counts, x for times). */
    public record Tick(double at, String text) {}
}
