package io.mailing.console.chart;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Messages that became final step by step, as the query API's timelines answer ({@code GET /api/v1/stats/timeline},
 * {@code GET /api/v1/stats/mailouts/{id}/timeline}): one point per step of {@code stepMinutes}, oldest first.
 */
public record Timeline(Instant from, Instant to, int stepMinutes, List<Point> points) {

    public Timeline {
        points = points == null ? List.of() : points;
    }

    /** Messages that became final in all of it. */
    public long total() {
        return points.stream().mapToLong(Point::total).sum();
    }

    /** The messages that became final in one step: in all and by final status. */
    public record Point(Instant at, long total, Map<String, Long> byStatus) {

        public Point {
            byStatus = byStatus == null ? Map.of() : Map.copyOf(byStatus);
        }

        public long of(String status) {
            return byStatus.getOrDefault(status, 0L);
        }
    }
}
