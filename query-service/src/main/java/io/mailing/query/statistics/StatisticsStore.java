package io.mailing.query.statistics;

import static io.mailing.query.jdbc.Sql.instant;
import static io.mailing.query.jdbc.Sql.withIds;

import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageStatus;
import io.mailing.events.message.Transactional;
import io.mailing.query.statistics.DeliveryFigures.FailureReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the figures the message projection keeps per mailout
 * ({@code query.mailout_statistics}, {@code query.mailout_failure}): one row per mailout, so no read counts messages.
 */
@Component
public class StatisticsStore {

    private static final String COUNTS = "queued, deferred, retrying, sent, failed, expired, cancelled, suppressed";

    private final JdbcTemplate jdbc;

    public StatisticsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The messages of one mailout by status. */
    public MessageCounts counts(UUID mailoutId) {
        return jdbc
                .query(
                        "SELECT " + COUNTS + " FROM query.mailout_statistics WHERE mailout_id = ?",
                        (rs, row) -> counts(rs),
                        mailoutId)
                .stream()
                .findFirst()
                .orElse(MessageCounts.NONE);
    }

    /** The messages of each of these mailouts by status. */
    public Map<UUID, MessageCounts> counts(Collection<UUID> mailoutIds) {
        Map<UUID, MessageCounts> counts = new HashMap<>();
        mailoutIds.forEach(id -> counts.put(id, MessageCounts.NONE));
        if (mailoutIds.isEmpty()) {
            return counts;
        }
        jdbc.query(
                withIds(
                        "SELECT mailout_id, " + COUNTS + " FROM query.mailout_statistics WHERE mailout_id = ANY (?)",
                        mailoutIds),
                rs -> {
                    counts.put(rs.getObject("mailout_id", UUID.class), counts(rs));
                });
        return counts;
    }

    /** The messages of every mailout by status, one-offs left out ({@link #transactional()}). */
    MessageCounts totals() {
        return jdbc.queryForObject(
                "SELECT sum(queued) AS queued, sum(deferred) AS deferred, sum(retrying) AS retrying, sum(sent) AS sent,"
                        + " sum(failed) AS failed, sum(expired) AS expired, sum(cancelled) AS cancelled,"
                        + " sum(suppressed) AS suppressed"
                        + " FROM query.mailout_statistics WHERE mailout_id <> ALL (?)",
                (rs, row) -> counts(rs),
                (Object) new UUID[] {Transactional.SMS, Transactional.EMAIL});
    }

    /** The one-off messages by channel and status: the figures of the standing mailouts of one-offs. */
    Map<Channel, MessageCounts> transactional() {
        Map<UUID, MessageCounts> byMailout = counts(List.of(Transactional.SMS, Transactional.EMAIL));
        Map<Channel, MessageCounts> byChannel = new EnumMap<>(Channel.class);
        byMailout.forEach((mailout, counts) ->
                byChannel.put(Transactional.channelOf(mailout).orElseThrow(), counts));
        return byChannel;
    }

    /** One mailout's delivery in figures. */
    public DeliveryFigures figures(UUID mailoutId) {
        List<FailureReason> reasons = jdbc.query(
                """
                SELECT error_kind, failed_attempts, failed_messages FROM query.mailout_failure
                WHERE mailout_id = ? ORDER BY failed_attempts DESC, error_kind
                """,
                (rs, row) -> new FailureReason(
                        ErrorKind.valueOf(rs.getString("error_kind")),
                        rs.getLong("failed_attempts"),
                        rs.getLong("failed_messages")),
                mailoutId);
        return jdbc
                .query(
                        "SELECT * FROM query.mailout_statistics WHERE mailout_id = ?",
                        (rs, row) -> new DeliveryFigures(
                                counts(rs),
                                rs.getLong("attempts"),
                                rs.getLong("failed_attempts"),
                                reasons,
                                instant(rs, "first_queued_at"),
                                instant(rs, "last_sent_at"),
                                instant(rs, "last_finished_at"),
                                instant(rs, "dispatch_completed_at")),
                        mailoutId)
                .stream()
                .findFirst()
                .orElse(new DeliveryFigures(MessageCounts.NONE, 0, 0, reasons, null, null, null, null));
    }

    private static MessageCounts counts(ResultSet rs) throws SQLException {
        long[] byStatus = new long[MessageStatus.values().length];
        for (MessageStatus status : MessageStatus.values()) {
            byStatus[status.ordinal()] = rs.getLong(status.name().toLowerCase());
        }
        return MessageCounts.of(byStatus);
    }
}
