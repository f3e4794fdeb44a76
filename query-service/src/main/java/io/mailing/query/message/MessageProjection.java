package io.mailing.query.message;

import static io.mailing.query.jdbc.Sql.timestamp;

import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.message.MessageEvent;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageStatus;
import io.mailing.platform.axon.PerBatch;
import io.mailing.platform.subjects.Subjects;
import io.mailing.query.projection.EventPositions;
import io.mailing.query.projection.Positions;
import io.mailing.query.projection.QueryProjections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code query.message} and each mailout's figures ({@code query.mailout_statistics},
 * {@code query.mailout_failure}, {@code query.delivery_minute}) from the message events. A processed batch of events
 * is written at once: the rows of the messages it touches are read in one query, folded in memory
 * ({@link MessageRow}), written in one JDBC batch, and the figures change by the batch's net difference
 * ({@link FigureChanges}), one row per mailout. An event a row has taken in already (by its position) changes
 * neither the row nor the figures.
 *
 * <p>A message has a row once it has left the queue: attempted, deferred or ended. While it waits for its first
 * attempt it is counted in its mailout's figures ({@code queued}) and read from its events ({@link MessageEvents}),
 * so a message sent at the first attempt is written once, when it is final; its row then starts from its
 * {@link MessageQueued}, in the batch or read from the event store.
 */
@Component
@ProcessingGroup(QueryProjections.MAILOUTS)
class MessageProjection {

    private final JdbcTemplate jdbc;
    private final MessageStore rows;
    private final MessageEvents events;

    MessageProjection(JdbcTemplate jdbc, MessageStore rows, MessageEvents events) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.events = events;
    }

    @EventHandler
    void on(MessageEvent event, EventMessage<?> message, TrackingToken token) {
        batch().add(event, message.getIdentifier(), token);
    }

    @EventHandler
    void on(MailoutCompleted event) {
        batch().completed.put(event.mailoutId(), event.completedAt());
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE query.message, query.mailout_statistics, query.mailout_failure, query.delivery_minute");
    }

    private Batch batch() {
        return PerBatch.get(MessageProjection.class.getName(), Batch::new, this::write);
    }

    private void write(Batch batch) {
        EventPositions stored =
                events.positions(batch.events.stream().map(Pending::eventId).toList());
        Map<UUID, MessageRow> current = rows.find(batch.messageIds());
        current.putAll(events.queued(batch.queuedBefore(current.keySet())));
        Map<UUID, MessageRow> changed = new LinkedHashMap<>();
        FigureChanges figures = new FigureChanges();
        for (Pending pending : batch.events) {
            UUID id = Subjects.of(pending.event()).messageId();
            long position = stored.of(pending.eventId(), pending.tokenPosition());
            MessageRow before = current.get(id);
            MessageRow after = before == null
                    ? pending.event() instanceof MessageQueued queued ? MessageRow.queued(queued, position) : null
                    : before.apply(pending.event(), position);
            if (after == null || after == before) {
                continue;
            }
            figures.record(before, after, pending.event());
            current.put(id, after);
            if (after.status() != MessageStatus.QUEUED) {
                changed.put(id, after);
            }
        }
        batch.completed.forEach(figures::completed);
        rows.save(changed.values());
        writeFigures(figures);
    }

    private void writeFigures(FigureChanges figures) {
        List<Object[]> statistics = new ArrayList<>();
        figures.changes()
                .forEach((mailoutId, change) -> statistics.add(new Object[] {
                    mailoutId,
                    change.count(MessageStatus.QUEUED),
                    change.count(MessageStatus.DEFERRED),
                    change.count(MessageStatus.RETRYING),
                    change.count(MessageStatus.SENT),
                    change.count(MessageStatus.FAILED),
                    change.count(MessageStatus.EXPIRED),
                    change.count(MessageStatus.CANCELLED),
                    change.count(MessageStatus.SUPPRESSED),
                    change.attempts,
                    change.failedAttempts,
                    timestamp(change.firstQueuedAt),
                    timestamp(change.lastSentAt),
                    timestamp(change.lastFinishedAt),
                    timestamp(change.dispatchCompletedAt)
                }));
        if (statistics.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO query.mailout_statistics AS s (mailout_id, queued, deferred, retrying, sent, failed,
                        expired, cancelled, suppressed, attempts, failed_attempts, first_queued_at, last_sent_at,
                        last_finished_at, dispatch_completed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (mailout_id) DO UPDATE SET
                    queued = s.queued + excluded.queued,
                    deferred = s.deferred + excluded.deferred,
                    retrying = s.retrying + excluded.retrying,
                    sent = s.sent + excluded.sent,
                    failed = s.failed + excluded.failed,
                    expired = s.expired + excluded.expired,
                    cancelled = s.cancelled + excluded.cancelled,
                    suppressed = s.suppressed + excluded.suppressed,
                    attempts = s.attempts + excluded.attempts,
                    failed_attempts = s.failed_attempts + excluded.failed_attempts,
                    first_queued_at = LEAST(s.first_queued_at, excluded.first_queued_at),
                    last_sent_at = GREATEST(s.last_sent_at, excluded.last_sent_at),
                    last_finished_at = GREATEST(s.last_finished_at, excluded.last_finished_at),
                    dispatch_completed_at = COALESCE(excluded.dispatch_completed_at, s.dispatch_completed_at)
                """, statistics);
        List<Object[]> failures = new ArrayList<>();
        figures.failures()
                .forEach((key, counts) ->
                        failures.add(new Object[] {key.mailoutId(), key.kind().name(), counts[0], counts[1]}));
        if (!failures.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO query.mailout_failure AS f (mailout_id, error_kind, failed_attempts, failed_messages)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (mailout_id, error_kind) DO UPDATE SET
                        failed_attempts = f.failed_attempts + excluded.failed_attempts,
                        failed_messages = f.failed_messages + excluded.failed_messages
                    """, failures);
        }
        List<Object[]> minutes = new ArrayList<>();
        figures.finishedPerMinute()
                .forEach((key, count) -> minutes.add(new Object[] {
                    key.mailoutId(), timestamp(key.minute()), key.status().name(), count
                }));
        if (!minutes.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO query.delivery_minute AS d (mailout_id, minute, status, messages) VALUES (?, ?, ?, ?)
                    ON CONFLICT (mailout_id, minute, status) DO UPDATE SET messages = d.messages + excluded.messages
                    """, minutes);
        }
    }

    /** The message events of one processed batch, in stream order, and the mailouts it reports complete. */
    private static final class Batch {
        final List<Pending> events = new ArrayList<>();
        final Map<UUID, Instant> completed = new LinkedHashMap<>();

        void add(Object event, String eventId, TrackingToken token) {
            events.add(new Pending(event, eventId, Positions.of(token)));
        }

        List<UUID> messageIds() {
            return events.stream()
                    .map(p -> Subjects.of(p.event()).messageId())
                    .distinct()
                    .toList();
        }

        /**
         * The messages of this batch that were queued before it and have no row ({@code withRows} lacks them): each
         * one's first event in the batch is a later one than its {@link MessageQueued}.
         */
        Set<UUID> queuedBefore(Set<UUID> withRows) {
            Set<UUID> seen = new HashSet<>(withRows);
            Set<UUID> queuedBefore = new LinkedHashSet<>();
            for (Pending pending : events) {
                UUID id = Subjects.of(pending.event()).messageId();
                if (seen.add(id) && !(pending.event() instanceof MessageQueued)) {
                    queuedBefore.add(id);
                }
            }
            return queuedBefore;
        }
    }

    /** An event of the batch, its identifier and its token's position (not always its own: {@link EventPositions}). */
    private record Pending(Object event, String eventId, long tokenPosition) {}
}
