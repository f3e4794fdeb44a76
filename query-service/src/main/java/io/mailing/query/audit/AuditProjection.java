package io.mailing.query.audit;

import static io.mailing.query.jdbc.Sql.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.axon.PerBatch;
import io.mailing.platform.subjects.Subjects;
import io.mailing.query.projection.Positions;
import io.mailing.query.projection.QueryProjections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit index ({@code query.audit_event}): every event with its global position, time, type, payload and
 * metadata as JSON, under the mailout, message, customer and daily report it names, and each trail's size. A batch of events is
 * written in one JDBC batch; an event indexed already (same position) is neither written nor counted again.
 */
@Component
@ProcessingGroup(QueryProjections.AUDIT)
class AuditProjection {

    private static final String INSERT = """
            INSERT INTO query.audit_event (position, event_id, occurred_at, type, mailout_id, message_id, customer_id,
                                           report_id, payload, metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
            ON CONFLICT (position) DO NOTHING
            """;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    AuditProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event, TrackingToken token) throws JsonProcessingException {
        Subjects subjects = Subjects.of(payload);
        PerBatch.get(AuditProjection.class.getName(), Batch::new, this::write).add(subjects, new Object[] {
            Positions.of(token),
            event.getIdentifier(),
            timestamp(event.getTimestamp()),
            payload.getClass().getSimpleName(),
            subjects.mailoutId(),
            subjects.messageId(),
            subjects.customerId(),
            subjects.reportId(),
            json.writeValueAsString(payload),
            json.writeValueAsString(event.getMetaData())
        });
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE query.audit_event, query.audit_trail_size");
    }

    private void write(Batch batch) {
        int[] inserted = jdbc.batchUpdate(INSERT, batch.rows);
        Map<TrailKey, Long> sizes = new TreeMap<>();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] == 0) {
                continue;
            }
            Subjects subjects = batch.subjects.get(i);
            count(sizes, Subject.MAILOUT, subjects.mailoutId());
            count(sizes, Subject.MESSAGE, subjects.messageId());
            count(sizes, Subject.CUSTOMER, subjects.customerId());
            count(sizes, Subject.REPORT, subjects.reportId());
        }
        if (sizes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                """
                INSERT INTO query.audit_trail_size AS t (subject, subject_id, events) VALUES (?, ?, ?)
                ON CONFLICT (subject, subject_id) DO UPDATE SET events = t.events + excluded.events
                """,
                sizes.entrySet().stream()
                        .map(size -> new Object[] {
                            size.getKey().subject().name(), size.getKey().id(), size.getValue()
                        })
                        .toList());
    }

    private static void count(Map<TrailKey, Long> sizes, Subject subject, UUID id) {
        if (id != null) {
            sizes.merge(new TrailKey(subject, id), 1L, Long::sum);
        }
    }

    /** Rows of one processed batch, with the subjects of each. */
    private static final class Batch {
        final List<Object[]> rows = new ArrayList<>();
        final List<Subjects> subjects = new ArrayList<>();

        void add(Subjects eventSubjects, Object[] row) {
            subjects.add(eventSubjects);
            rows.add(row);
        }
    }

    /** A trail, in the order its size row is written (so concurrent batches lock rows in the same order). */
    private record TrailKey(Subject subject, UUID id) implements Comparable<TrailKey> {
        @Override
        public int compareTo(TrailKey other) {
            int bySubject = subject.compareTo(other.subject);
            return bySubject != 0 ? bySubject : id.compareTo(other.id);
        }
    }
}
