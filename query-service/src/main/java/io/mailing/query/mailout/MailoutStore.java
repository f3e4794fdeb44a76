package io.mailing.query.mailout;

import static io.mailing.query.jdbc.Sql.instant;
import static io.mailing.query.jdbc.Sql.textArray;
import static io.mailing.query.jdbc.Sql.texts;
import static io.mailing.query.jdbc.Sql.timestamp;
import static io.mailing.query.jdbc.Sql.uuid;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.mailout.EmailContent;
import io.mailing.events.mailout.MailoutStatus;
import io.mailing.query.jdbc.Sql;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The mailout read model ({@code query.mailout}): written by {@link MailoutProjection}, read by the API. */
@Component
class MailoutStore {

    private static final String COLUMNS = """
            id, text, start_at, end_at, operator_codes, tags, window_from, window_to, include_late_joiners, channel,
            subject, html, status, created_at, changed_at, started_at, paused_at, resumed_at, cancelled_at, closed_at,
            follow_up_of, follow_up_id""";

    private final JdbcTemplate jdbc;

    MailoutStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The mailout's current state, if it exists. */
    Optional<MailoutRow> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM query.mailout WHERE id = ?", MailoutStore::row, id).stream()
                .findFirst();
    }

    /**
     * Mailouts with this status ({@code null}: any) that were running at some moment of {@code running} ({@code
     * null}: whenever), newest first.
     */
    Page<MailoutRow> page(MailoutStatus status, Running running, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> arguments = new ArrayList<>();
        if (status != null) {
            conditions.add("status = ?");
            arguments.add(status.name());
        }
        if (running != null) {
            conditions.add("started_at < ? AND COALESCE(closed_at, cancelled_at, 'infinity') >= ?");
            arguments.add(Sql.timestamp(running.until()));
            arguments.add(Sql.timestamp(running.from()));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Long total = jdbc.queryForObject("SELECT count(*) FROM query.mailout" + where, Long.class, arguments.toArray());
        arguments.add(page.size());
        arguments.add(page.offset());
        List<MailoutRow> items = jdbc.query(
                "SELECT " + COLUMNS + " FROM query.mailout" + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                MailoutStore::row,
                arguments.toArray());
        return page.of(items, total == null ? 0 : total);
    }

    /** How many mailouts there are in each status (every status present, zero included). */
    Map<MailoutStatus, Long> countByStatus() {
        Map<MailoutStatus, Long> counts = new EnumMap<>(MailoutStatus.class);
        for (MailoutStatus status : MailoutStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.query("SELECT status, count(*) AS mailouts FROM query.mailout GROUP BY status", rs -> {
            counts.put(MailoutStatus.valueOf(rs.getString("status")), rs.getLong("mailouts"));
        });
        return counts;
    }

    void insert(MailoutRow mailout, long sequence) {
        jdbc.update("""
                INSERT INTO query.mailout (text, start_at, end_at, operator_codes, tags, window_from, window_to,
                                           include_late_joiners, channel, subject, html, status, created_at,
                                           changed_at, started_at, paused_at, resumed_at, cancelled_at, closed_at,
                                           follow_up_of, follow_up_id, last_sequence, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """, values(mailout, sequence));
    }

    /** Stores the mailout as of its event {@code sequence}, unless the row has taken in that event already. */
    void update(MailoutRow mailout, long sequence) {
        Object[] values = values(mailout, sequence);
        Object[] args = new Object[values.length + 1];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = sequence;
        jdbc.update("""
                UPDATE query.mailout SET text = ?, start_at = ?, end_at = ?, operator_codes = ?, tags = ?,
                                         window_from = ?, window_to = ?, include_late_joiners = ?, channel = ?,
                                         subject = ?, html = ?, status = ?,
                                         created_at = ?, changed_at = ?, started_at = ?, paused_at = ?,
                                         resumed_at = ?, cancelled_at = ?, closed_at = ?, follow_up_of = ?,
                                         follow_up_id = ?, last_sequence = ?
                WHERE id = ? AND last_sequence < ?
                """, args);
    }

    void clear() {
        jdbc.update("TRUNCATE query.mailout");
    }

    private static Object[] values(MailoutRow mailout, long sequence) {
        DeliveryWindow window = mailout.deliveryWindow();
        return new Object[] {
            mailout.text(),
            timestamp(mailout.startAt()),
            timestamp(mailout.endAt()),
            textArray(mailout.filter().operatorCodes()),
            textArray(mailout.filter().tags()),
            window == null ? null : window.from(),
            window == null ? null : window.to(),
            mailout.includeLateJoiners(),
            mailout.channel().name(),
            mailout.email() == null ? null : mailout.email().subject(),
            mailout.email() == null ? null : mailout.email().html(),
            mailout.status().name(),
            timestamp(mailout.createdAt()),
            timestamp(mailout.changedAt()),
            timestamp(mailout.startedAt()),
            timestamp(mailout.pausedAt()),
            timestamp(mailout.resumedAt()),
            timestamp(mailout.cancelledAt()),
            timestamp(mailout.closedAt()),
            mailout.followUpOf(),
            mailout.followUpId(),
            sequence,
            mailout.id()
        };
    }

    private static MailoutRow row(ResultSet rs, int index) throws SQLException {
        LocalTime from = rs.getObject("window_from", LocalTime.class);
        LocalTime to = rs.getObject("window_to", LocalTime.class);
        return new MailoutRow(
                rs.getObject("id", UUID.class),
                rs.getString("text"),
                instant(rs, "start_at"),
                instant(rs, "end_at"),
                new AudienceFilter(texts(rs, "operator_codes"), texts(rs, "tags")),
                from == null ? null : new DeliveryWindow(from, to),
                rs.getBoolean("include_late_joiners"),
                Channel.valueOf(rs.getString("channel")),
                rs.getString("subject") == null
                        ? null
                        : new EmailContent(rs.getString("subject"), rs.getString("html")),
                MailoutStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"),
                instant(rs, "changed_at"),
                instant(rs, "started_at"),
                instant(rs, "paused_at"),
                instant(rs, "resumed_at"),
                instant(rs, "cancelled_at"),
                instant(rs, "closed_at"),
                uuid(rs, "follow_up_of"),
                uuid(rs, "follow_up_id"));
    }
}
