package io.mailing.query.message;

import static io.mailing.query.jdbc.Sql.instant;
import static io.mailing.query.jdbc.Sql.timestamp;
import static io.mailing.query.jdbc.Sql.withIds;

import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageStatus;
import io.mailing.query.message.MessageView.LastError;
import io.mailing.query.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The message read model ({@code query.message}): a row for each message that has been attempted, deferred or ended;
 * a message waiting for its first attempt is read from its events.
 */
@Component
public class MessageStore {

    private static final String COLUMNS = """
            id, mailout_id, customer_id, channel, phone, email, status, attempts, queued_at, updated_at,
            next_attempt_at, sent_at, finished_at, last_error_kind, last_error_detail, last_error_at, reason,
            queued_position, last_position""";

    private final JdbcTemplate jdbc;
    private final MessageEvents events;

    MessageStore(JdbcTemplate jdbc, MessageEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** One message, if it exists: its row, or its events while it waits for its first attempt. */
    public Optional<MessageView> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM query.message WHERE id = ?", MessageStore::row, id).stream()
                .findFirst()
                .or(() -> events.fold(id))
                .map(MessageRow::message);
    }

    /**
     * A page of a mailout's messages with this status ({@code null}: any), in the order they were queued; only
     * messages that have been attempted, deferred or ended are listed (never {@link MessageStatus#QUEUED}).
     */
    public List<MessageView> ofMailout(UUID mailoutId, MessageStatus status, PageRequest page) {
        String statusFilter = status == null ? "" : " AND status = '" + status.name() + "'";
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM query.message WHERE mailout_id = ?" + statusFilter
                                + " ORDER BY queued_position LIMIT ? OFFSET ?",
                        MessageStore::row,
                        mailoutId,
                        page.size(),
                        page.offset())
                .stream()
                .map(MessageRow::message)
                .toList();
    }

    /** The rows of these messages that exist, by id. */
    Map<UUID, MessageRow> find(Collection<UUID> ids) {
        Map<UUID, MessageRow> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        jdbc.query(withIds("SELECT " + COLUMNS + " FROM query.message WHERE id = ANY (?)", ids), rs -> {
            MessageRow row = row(rs, 0);
            rows.put(row.message().id(), row);
        });
        return rows;
    }

    /** Writes these rows, new or changed, in one batch. */
    void save(Collection<MessageRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                """
                INSERT INTO query.message (id, mailout_id, customer_id, channel, phone, email, status, attempts,
                                           queued_at, updated_at, next_attempt_at, sent_at, finished_at,
                                           last_error_kind, last_error_detail, last_error_at, reason, queued_position,
                                           last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    status = excluded.status, attempts = excluded.attempts, updated_at = excluded.updated_at,
                    next_attempt_at = excluded.next_attempt_at, sent_at = excluded.sent_at,
                    finished_at = excluded.finished_at, last_error_kind = excluded.last_error_kind,
                    last_error_detail = excluded.last_error_detail, last_error_at = excluded.last_error_at,
                    reason = excluded.reason, last_position = excluded.last_position
                """,
                rows.stream()
                        .map(row -> {
                            MessageView message = row.message();
                            LastError lastError = message.lastError();
                            return new Object[] {
                                message.id(),
                                message.mailoutId(),
                                message.customerId(),
                                message.channel().name(),
                                message.phone(),
                                message.email(),
                                message.status().name(),
                                message.attempts(),
                                timestamp(message.queuedAt()),
                                timestamp(message.updatedAt()),
                                timestamp(message.nextAttemptAt()),
                                timestamp(message.sentAt()),
                                timestamp(message.finishedAt()),
                                lastError == null ? null : lastError.kind().name(),
                                lastError == null ? null : lastError.detail(),
                                lastError == null ? null : timestamp(lastError.at()),
                                message.reason(),
                                row.queuedPosition(),
                                row.lastPosition()
                            };
                        })
                        .toList());
    }

    private static MessageRow row(ResultSet rs, int index) throws SQLException {
        String errorKind = rs.getString("last_error_kind");
        MessageStatus status = MessageStatus.valueOf(rs.getString("status"));
        return new MessageRow(
                new MessageView(
                        rs.getObject("id", UUID.class),
                        rs.getObject("mailout_id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        Channel.valueOf(rs.getString("channel")),
                        rs.getString("phone"),
                        rs.getString("email"),
                        status,
                        rs.getInt("attempts"),
                        instant(rs, "queued_at"),
                        instant(rs, "updated_at"),
                        status.isTerminal() ? null : instant(rs, "next_attempt_at"),
                        instant(rs, "sent_at"),
                        instant(rs, "finished_at"),
                        errorKind == null
                                ? null
                                : new LastError(
                                        ErrorKind.valueOf(errorKind),
                                        rs.getString("last_error_detail"),
                                        instant(rs, "last_error_at")),
                        rs.getString("reason")),
                rs.getLong("queued_position"),
                rs.getLong("last_position"));
    }
}
