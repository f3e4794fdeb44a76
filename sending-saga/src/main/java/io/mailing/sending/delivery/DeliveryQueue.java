package io.mailing.sending.delivery;

import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.platform.axon.PerBatch;
import io.mailing.sending.message.MessageId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The messages that still need an attempt ({@code sending.delivery_queue}). Its processor is subscribing, so a row
 * changes in the very transaction that appends the message's event (the changes of a unit of work are written
 * together as it commits, see {@link QueueWrites}): a queued message has a row, each deferral or
 * failed attempt moves the row's {@code due_at} (the persistent deadline of the next attempt), and a final status
 * removes it. Delivery claims due rows with a lease ({@code FOR UPDATE SKIP LOCKED}, so nodes never claim the same
 * row), and a node that dies simply lets its leases run out.
 */
@Component
@ProcessingGroup(DeliveryQueue.PROCESSING_GROUP)
class DeliveryQueue {

    static final String PROCESSING_GROUP = "delivery-queue";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    DeliveryQueue(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @EventHandler
    void on(
            MessageQueued event,
            @MetaDataValue(Origin.PRINCIPAL) String principal,
            @MetaDataValue(Origin.CORRELATION_ID) String correlationId) {
        writes().add(
                        """
                INSERT INTO sending.delivery_queue (message_id, mailout_id, customer_id, provider_message_id, phone,
                                                    time_zone, end_at, attempts, due_at, principal, correlation_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
                ON CONFLICT (message_id) DO NOTHING
                """,
                        event.messageId(),
                        event.mailoutId(),
                        event.customerId(),
                        event.providerMessageId(),
                        event.phone(),
                        event.timeZone(),
                        utc(event.endAt()),
                        utc(event.queuedAt()),
                        principal,
                        correlationId);
    }

    @EventHandler
    void on(MessageDeferred event) {
        reschedule(event.messageId(), event.attempts(), event.until());
    }

    @EventHandler
    void on(MessageAttemptFailed event) {
        if (event.retryAt() != null) {
            reschedule(event.messageId(), event.attempt(), event.retryAt());
        }
    }

    @EventHandler
    void on(MessageSent event) {
        remove(event.messageId());
    }

    @EventHandler
    void on(MessageFailed event) {
        remove(event.messageId());
    }

    @EventHandler
    void on(MessageExpired event) {
        remove(event.messageId());
    }

    @EventHandler
    void on(MessageCancelled event) {
        remove(event.messageId());
    }

    /**
     * Leases up to {@code limit} due messages of running mailouts whose end is more than {@code endGuard} away,
     * earliest due first.
     *
     * <p>The statement is shaped so that its cost follows the batch it takes, not the queue's size, whatever the
     * table's statistics say (the queue swings from empty to a mailout's whole audience and back within minutes, so
     * its statistics are usually those of another moment). Each running mailout's due messages are read in
     * {@code due_at} order from the {@code (mailout_id, due_at)} index, at most {@code limit} of them, with no
     * condition that another index could serve; the leased rows are found by primary key, and the mailout's text
     * and window come along from the running mailout's row, so no join can turn into a scan of the queue. Bitmap
     * scans are off for the claim's transaction: with too low an estimate of the due rows (a table never analyzed,
     * or analyzed while small) the planner preferred a bitmap scan of every due row of the mailout and a sort, which
     * cost 650 ms per claim of 100 with 83,000 messages waiting. JIT compilation is off too: it is never worth it for
     * a statement this short.
     *
     * <p>A leased row keeps its {@code due_at}, so the walk passes the attempts under way (at most
     * {@code max-in-flight} of this node's); in exchange, the messages of a node that died are taken over as soon as
     * their leases run out, ahead of everything queued after them, rather than behind the mailout's backlog.
     */
    List<PendingDelivery> claim(String node, int limit, Duration lease, Duration endGuard) {
        return transactions.execute(status -> lease(node, limit, lease, endGuard));
    }

    private List<PendingDelivery> lease(String node, int limit, Duration lease, Duration endGuard) {
        jdbc.queryForList("SELECT set_config('enable_bitmapscan', 'off', true), set_config('jit', 'off', true)");
        return jdbc.query(
                """
                UPDATE sending.delivery_queue q
                   SET claimed_until = now() + ? * INTERVAL '1 millisecond', claimed_by = ?
                  FROM (SELECT due.message_id, running.text, running.window_from, running.window_to
                          FROM sending.dispatch_mailout running
                         CROSS JOIN LATERAL (
                               SELECT d.message_id, d.due_at
                                 FROM sending.delivery_queue d
                                WHERE d.mailout_id = running.mailout_id
                                  AND d.due_at <= now()
                                  AND (d.claimed_until IS NULL OR d.claimed_until < now())
                                ORDER BY d.due_at
                                LIMIT ?
                                  FOR UPDATE OF d SKIP LOCKED) due
                         WHERE running.state = 'RUNNING'
                           AND running.end_at > now() + ? * INTERVAL '1 millisecond'
                         ORDER BY due.due_at
                         LIMIT ?) due
                 WHERE q.message_id = due.message_id
                RETURNING q.message_id, q.mailout_id, q.customer_id, q.provider_message_id, q.phone, q.time_zone,
                          q.end_at, q.attempts, q.principal, q.correlation_id, due.text, due.window_from,
                          due.window_to
                """,
                (rs, row) -> {
                    Time from = rs.getTime("window_from");
                    Time to = rs.getTime("window_to");
                    return new PendingDelivery(
                            new MessageId(rs.getObject("message_id", UUID.class)),
                            rs.getObject("mailout_id", UUID.class),
                            rs.getObject("customer_id", UUID.class),
                            rs.getLong("provider_message_id"),
                            Long.parseLong(rs.getString("phone")),
                            rs.getString("text"),
                            ZoneId.of(rs.getString("time_zone")),
                            from == null || to == null
                                    ? null
                                    : new DeliveryWindow(from.toLocalTime(), to.toLocalTime()),
                            rs.getObject("end_at", OffsetDateTime.class).toInstant(),
                            rs.getInt("attempts"),
                            origin(rs));
                },
                lease.toMillis(),
                node,
                limit,
                endGuard.toMillis(),
                limit);
    }

    /** Gives claimed messages back without an attempt, so they are due again at once. */
    void release(String node, Collection<MessageId> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.update(
                "UPDATE sending.delivery_queue SET claimed_until = NULL, claimed_by = NULL"
                        + " WHERE message_id = ANY (?) AND claimed_by = ?",
                messages.stream().map(MessageId::value).toArray(UUID[]::new),
                node);
    }

    /** Gives back every lease a previous run of this node left behind. */
    int releaseAll(String node) {
        return jdbc.update(
                "UPDATE sending.delivery_queue SET claimed_until = NULL, claimed_by = NULL WHERE claimed_by = ?", node);
    }

    /**
     * Locks up to {@code limit} unleased messages of cancelled mailouts, for the caller to cancel in the same
     * transaction.
     */
    List<QueuedMessage> lockCancelled(int limit) {
        return lockPending(
                "d.mailout_id IN (SELECT mailout_id FROM sending.dispatch_mailout WHERE state = 'CANCELLED')", limit);
    }

    /** Locks up to {@code limit} unleased messages whose mailout has ended, for the caller to expire. */
    List<QueuedMessage> lockEnded(int limit) {
        return lockPending("d.end_at <= now()", limit);
    }

    private List<QueuedMessage> lockPending(String condition, int limit) {
        return jdbc.query(
                "SELECT d.message_id, d.principal, d.correlation_id FROM sending.delivery_queue d WHERE " + condition
                        + " AND (d.claimed_until IS NULL OR d.claimed_until < now())"
                        + " LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, row) -> new QueuedMessage(new MessageId(rs.getObject("message_id", UUID.class)), origin(rs)),
                limit);
    }

    private static Origin origin(ResultSet rs) throws SQLException {
        return new Origin(rs.getString("principal"), rs.getString("correlation_id"));
    }

    /** A message still in the queue, with the origin its commands carry. */
    record QueuedMessage(MessageId messageId, Origin origin) {}

    private void reschedule(UUID messageId, int attempts, Instant dueAt) {
        writes().add(
                        "UPDATE sending.delivery_queue SET attempts = ?, due_at = ?, claimed_until = NULL, claimed_by = NULL"
                                + " WHERE message_id = ?",
                        attempts,
                        utc(dueAt),
                        messageId);
    }

    private void remove(UUID messageId) {
        writes().add("DELETE FROM sending.delivery_queue WHERE message_id = ?", messageId);
    }

    /** This unit of work's queue changes, written together when it commits. */
    private QueueWrites writes() {
        return PerBatch.get(QueueWrites.class.getName(), QueueWrites::new, writes -> writes.run(jdbc));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
