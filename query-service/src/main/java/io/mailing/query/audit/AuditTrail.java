package io.mailing.query.audit;

import static io.mailing.query.jdbc.Sql.instant;
import static io.mailing.query.jdbc.Sql.uuid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.problem.NotFoundException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the audit index: a subject's events after a position, a page at a time. */
@Component
class AuditTrail {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    AuditTrail(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Up to {@code size} events of the subject's trail after position {@code after}; a 404 for an empty trail. */
    AuditPage page(Subject subject, UUID id, long after, int size) {
        List<Long> total = jdbc.queryForList(
                "SELECT events FROM query.audit_trail_size WHERE subject = ? AND subject_id = ?",
                Long.class,
                subject.name(),
                id);
        if (total.isEmpty()) {
            throw new NotFoundException(subject.name().toLowerCase(), id);
        }
        List<AuditEntry> items = jdbc.query(
                "SELECT * FROM query.audit_event WHERE " + subject.column() + " = ? AND position > ?"
                        + " ORDER BY position LIMIT ?",
                this::entry,
                id,
                after,
                size + 1);
        Long next = null;
        if (items.size() > size) {
            items = items.subList(0, size);
            next = items.get(size - 1).position();
        }
        return new AuditPage(items, size, total.get(0), next);
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("position"),
                rs.getString("event_id"),
                instant(rs, "occurred_at"),
                rs.getString("type"),
                uuid(rs, "mailout_id"),
                uuid(rs, "message_id"),
                uuid(rs, "customer_id"),
                tree(rs.getString("payload")),
                tree(rs.getString("metadata")));
    }

    private JsonNode tree(String value) {
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
