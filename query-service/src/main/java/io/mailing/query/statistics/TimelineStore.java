package io.mailing.query.statistics;

import static io.mailing.query.jdbc.Sql.instant;
import static io.mailing.query.jdbc.Sql.timestamp;

import io.mailing.events.message.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads how many messages became final, step by step, from the per-minute figures the message projection keeps
 * ({@code query.delivery_minute}): the database adds a step's minutes up, so an answer has one row per step and
 * final status however many messages there were.
 */
@Component
class TimelineStore {

    /** The statuses a timeline counts: the final ones. */
    private static final List<MessageStatus> FINAL = Arrays.stream(MessageStatus.values())
            .filter(MessageStatus::isTerminal)
            .toList();

    private final JdbcTemplate jdbc;

    TimelineStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Messages that became final from {@code from} (inclusive) to {@code to} (exclusive), in steps of
     * {@code stepMinutes} from {@code from}, every step present (zero included); of one mailout, or of all of them
     * when {@code mailoutId} is {@code null}.
     */
    Timeline between(UUID mailoutId, Instant from, Instant to, int stepMinutes) {
        Duration step = Duration.ofMinutes(stepMinutes);
        int steps = (int) ((Duration.between(from, to).toMinutes() + stepMinutes - 1) / stepMinutes);
        long[][] counts = new long[steps][MessageStatus.values().length];
        String sql = """
                SELECT date_bin(make_interval(mins => ?), minute, ?) AS step, status, sum(messages) AS messages
                FROM query.delivery_minute WHERE minute >= ? AND minute < ?%s GROUP BY 1, 2
                """.formatted(mailoutId == null ? "" : " AND mailout_id = ?");
        List<Object> parameters =
                new ArrayList<>(List.of(stepMinutes, timestamp(from), timestamp(from), timestamp(to)));
        if (mailoutId != null) {
            parameters.add(mailoutId);
        }
        jdbc.query(
                sql,
                rs -> {
                    int index =
                            (int) (Duration.between(from, instant(rs, "step")).toMinutes() / stepMinutes);
                    counts[index][MessageStatus.valueOf(rs.getString("status")).ordinal()] += rs.getLong("messages");
                },
                parameters.toArray());
        List<Timeline.Point> points = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            Map<MessageStatus, Long> byStatus = new EnumMap<>(MessageStatus.class);
            long total = 0;
            for (MessageStatus status : FINAL) {
                byStatus.put(status, counts[i][status.ordinal()]);
                total += counts[i][status.ordinal()];
            }
            points.add(
                    new Timeline.Point(from.plus(step.multipliedBy(i)), total, Collections.unmodifiableMap(byStatus)));
        }
        return new Timeline(from, from.plus(step.multipliedBy(steps)), stepMinutes, points);
    }

    /** The first and the last minute in which a message of this mailout became final, if one did. */
    Optional<Span> span(UUID mailoutId) {
        return jdbc
                .query(
                        "SELECT min(minute) AS first, max(minute) AS last FROM query.delivery_minute WHERE mailout_id = ?",
                        (rs, row) -> new Span(instant(rs, "first"), instant(rs, "last")),
                        mailoutId)
                .stream()
                .filter(span -> span.first() != null)
                .findFirst();
    }

    /** The first and the last minute with a message that became final. */
    record Span(Instant first, Instant last) {}
}
