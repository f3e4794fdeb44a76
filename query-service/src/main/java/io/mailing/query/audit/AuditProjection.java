package io.mailing.query.audit;

import io.mailing.platform.axon.PerBatch;
import io.mailing.platform.subjects.Subjects;
import io.mailing.query.projection.EventPositions;
import io.mailing.query.projection.Positions;
import io.mailing.query.projection.QueryProjections;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit index: where a trail finds the events that are not its subject's own. The events themselves stay in the
 * event store, where a trail reads them ({@link AuditTrail}); this projection only writes down, once per processed
 * batch, the global positions of the batch's events (as the event store holds them, {@link EventPositions}) under
 * each trail that could not find them otherwise ({@link AuditIndexing}): one {@code query.audit_index} row per trail
 * and batch, and that trail's {@code query.audit_index_size} row moved by the batch's count. A message's two or three
 * events thus cost its mailout's trail a share of one row per batch, and the message's and customer's trails
 * nothing.
 *
 * <p>A row's positions span at most {@value #MAX_SPAN} positions of the stream (a batch's positions of one trail
 * further apart go in several rows), and the size row keeps the widest span of the trail's rows: a page of the trail
 * then knows how far past a position it must look for rows that may still hold an earlier one (rows written out of
 * stream order: a parked event retried later, the events of one trail in different segments). The rows are written in
 * the transaction that moves the processor's tokens, so a batch is indexed once; a rebuild empties the tables first.
 */
@Component
@ProcessingGroup(QueryProjections.AUDIT)
class AuditProjection {

    /** The widest stretch of the stream one index row may cover. */
    static final long MAX_SPAN = 4_096;

    private final JdbcTemplate jdbc;

    AuditProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event, TrackingToken token) {
        String aggregateType = null;
        String aggregateId = null;
        if (event instanceof DomainEventMessage<?> domain) {
            aggregateType = domain.getType();
            aggregateId = domain.getAggregateIdentifier();
        }
        List<TrailKey> trails = AuditIndexing.trailsToIndex(Subjects.of(payload), aggregateType, aggregateId);
        if (trails.isEmpty()) {
            return;
        }
        PerBatch.get(AuditProjection.class.getName(), Batch::new, this::write)
                .add(new Handled(event.getIdentifier(), Positions.of(token), trails));
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE query.audit_index, query.audit_index_size");
    }

    private void write(Batch batch) {
        EventPositions stored = EventPositions.of(
                jdbc, batch.events.stream().map(Handled::eventId).toList());
        Map<TrailKey, List<Long>> byTrail = new TreeMap<>();
        for (Handled event : batch.events) {
            long position = stored.of(event.eventId(), event.tokenPosition());
            for (TrailKey trail : event.trails()) {
                byTrail.computeIfAbsent(trail, t -> new ArrayList<>()).add(position);
            }
        }
        List<IndexRow> rows = new ArrayList<>();
        List<Object[]> sizes = new ArrayList<>();
        byTrail.forEach((trail, positions) -> {
            positions.sort(null);
            long widest = 0;
            for (IndexRow row : IndexRow.split(trail, positions, MAX_SPAN)) {
                rows.add(row);
                widest = Math.max(widest, row.span());
            }
            sizes.add(new Object[] {trail.subject().name(), trail.id(), positions.size(), widest});
        });
        jdbc.batchUpdate("""
                INSERT INTO query.audit_index (subject, subject_id, first_position, last_position, positions)
                VALUES (?, ?, ?, ?, ?)
                """, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                IndexRow row = rows.get(i);
                statement.setString(1, row.trail().subject().name());
                statement.setObject(2, row.trail().id());
                statement.setLong(3, row.first());
                statement.setLong(4, row.last());
                statement.setArray(5, statement.getConnection().createArrayOf("bigint", row.boxed()));
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        jdbc.batchUpdate("""
                INSERT INTO query.audit_index_size AS t (subject, subject_id, events, max_span) VALUES (?, ?, ?, ?)
                ON CONFLICT (subject, subject_id) DO UPDATE
                SET events = t.events + excluded.events, max_span = GREATEST(t.max_span, excluded.max_span)
                """, sizes);
    }

    /** The events of one processed batch that trails index, in the order they were handled. */
    private static final class Batch {
        final List<Handled> events = new ArrayList<>();

        void add(Handled event) {
            events.add(event);
        }
    }

    /** An event to index: its identifier, its token's position (not always its own) and the trails that index it. */
    private record Handled(String eventId, long tokenPosition, List<TrailKey> trails) {}
}
