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
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
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
 * row); a live node renews the leases of the messages it is still calling or recording ({@link #renew}), and a node
 * that dies simply lets its leases run out. The table turns over as fast as messages are sent,
 * so the sweeper vacuums it as dead rows pile up ({@link #vacuumIfNeeded}).
 */
@Component
@ProcessingGroup(DeliveryQueue.PROCESSING_GROUP)
class DeliveryQueue {

    static final String PROCESSING_GROUP = "delivery-queue";

    /** The claim's planner settings, local to its transaction (see {@link #claim}). */
    static final String CLAIM_SETTINGS = "SELECT set_config('enable_seqscan', 'off', true),"
            + " set_config('enable_bitmapscan', 'off', true), set_config('jit', 'off', true),"
            + " set_config('plan_cache_mode', 'force_custom_plan', true)";

    /**
     * The claim's first statement: locks the due messages to lease, with their mailout's text and window. Its
     * parameters are the batch, the end guard in milliseconds and the batch again.
     */
    static final String CLAIM_DUE = """
            SELECT due.message_id, due.mailout_id, due.customer_id, due.provider_message_id, due.phone,
                   due.time_zone, due.end_at, due.attempts, due.version, due.principal, due.correlation_id, running.text,
                   running.window_from, running.window_to
              FROM sending.dispatch_mailout running
             CROSS JOIN LATERAL (
                   SELECT d.*
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
             LIMIT ?
            """;

    /** The claim's second statement: leases the locked messages; the lease in milliseconds, the node, the ids. */
    static final String CLAIM_LEASE = "UPDATE sending.delivery_queue"
            + " SET claimed_until = now() + ? * INTERVAL '1 millisecond', claimed_by = ? WHERE message_id = ANY (?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    /** The dead row versions the last vacuum could not remove (see {@link #vacuumIfNeeded}). */
    private long deadLeftByLastVacuum;

    DeliveryQueue(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @EventHandler
    void on(
            MessageQueued event,
            @SequenceNumber Long version,
            @MetaDataValue(Origin.PRINCIPAL) String principal,
            @MetaDataValue(Origin.CORRELATION_ID) String correlationId) {
        writes().add(
                        """
                INSERT INTO sending.delivery_queue (message_id, mailout_id, customer_id, provider_message_id, phone,
                                                    time_zone, end_at, attempts, due_at, principal, correlation_id,
                                                    version)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
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
                        correlationId,
                        version);
    }

    @EventHandler
    void on(MessageDeferred event, @SequenceNumber Long version) {
        reschedule(event.messageId(), event.attempts(), event.until(), version);
    }

    @EventHandler
    void on(MessageAttemptFailed event, @SequenceNumber Long version) {
        if (event.retryAt() != null) {
            reschedule(event.messageId(), event.attempt(), event.retryAt(), version);
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
     * <p>The claim is shaped so that its cost follows the batch it takes, not the queue's size, whatever the table's
     * statistics say (the queue swings from empty to a mailout's whole audience and back within minutes, so its
     * statistics are usually those of another moment, and a queue analyzed while empty is believed empty however
     * much it has grown since). Each running mailout's due messages are read in {@code due_at} order from the
     * {@code (mailout_id, due_at)} index, at most {@code limit} of them, and locked; then the locked rows are leased
     * by primary key, given as a list of ids, so no join with the queue is left for the planner to turn into a scan
     * of it (the single statement this replaced, an update joined to the selection, was planned as a scan of the
     * whole queue with statistics taken while it was empty: 2 s per claim in the benchmark). Sequential and bitmap
     * scans are off for the claim's transaction, which leaves each statement one sensible plan: with too low an
     * estimate of the due rows the planner otherwise read every due row of the mailout and sorted them (650 ms per
     * claim of 100 with 83,000 messages waiting). JIT compilation is off too: it is never worth it for statements
     * this short. And each claim is planned for its own parameters: the driver prepares a statement it runs often
     * on the server, where a generic plan, made without knowing the batch, could replace the custom one.
     *
     * <p>A leased row keeps its {@code due_at}, so the walk passes the attempts under way (at most
     * {@code max-in-flight} of this node's); in exchange, the messages of a node that died are taken over as soon as
     * their leases run out, ahead of everything queued after them, rather than behind the mailout's backlog.
     */
    List<PendingDelivery> claim(String node, int limit, Duration lease, Duration endGuard) {
        return transactions.execute(status -> lease(node, limit, lease, endGuard));
    }

    private List<PendingDelivery> lease(String node, int limit, Duration lease, Duration endGuard) {
        jdbc.queryForList(CLAIM_SETTINGS);
        List<PendingDelivery> due = jdbc.query(
                CLAIM_DUE,
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
                            rs.getObject("version", Long.class),
                            origin(rs));
                },
                limit,
                endGuard.toMillis(),
                limit);
        if (!due.isEmpty()) {
            jdbc.update(CLAIM_LEASE, lease.toMillis(), node, ids(due.stream().map(PendingDelivery::messageId)));
        }
        return due;
    }

    private static UUID[] ids(Stream<MessageId> messages) {
        return messages.map(MessageId::value).toArray(UUID[]::new);
    }

    /** Gives claimed messages back without an attempt, so they are due again at once. */
    void release(String node, Collection<MessageId> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.update(
                "UPDATE sending.delivery_queue SET claimed_until = NULL, claimed_by = NULL"
                        + " WHERE message_id = ANY (?) AND claimed_by = ?",
                ids(messages.stream()),
                node);
    }

    /**
     * Extends this node's leases of these messages to {@code lease} from now, so that no other node takes over a
     * message whose call or outcome is still under way here; a lease another node holds by now is left alone.
     */
    int renew(String node, Collection<MessageId> messages, Duration lease) {
        if (messages.isEmpty()) {
            return 0;
        }
        return jdbc.update(
                "UPDATE sending.delivery_queue SET claimed_until = now() + ? * INTERVAL '1 millisecond'"
                        + " WHERE message_id = ANY (?) AND claimed_by = ?",
                lease.toMillis(),
                ids(messages.stream()),
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

    /**
     * Vacuums the queue table once {@code deadRows} more dead row versions have piled up in it than the last vacuum
     * left behind, and says whether it did. Every message leaves two or three dead versions behind (its lease, its
     * retries, its removal), and their index entries stay at the front of each mailout's range in the
     * {@code (mailout_id, due_at)} index until a vacuum removes them, so without one each claim walks past every
     * message its mailout has sent so far: at a million recipients on a server with autovacuum off, 144 ms per
     * claim after 280,000 messages, growing. The server's autovacuum may be off, or too slow for a table that turns
     * over this fast. The index entries are cleaned even when few heap pages hold dead rows ({@code INDEX_CLEANUP
     * ON}), and a node skips the vacuum while another runs one ({@code SKIP_LOCKED}). Dead rows that a vacuum could
     * not remove (an older transaction may still see them) do not count towards the next one, which would only scan
     * the table again for nothing. Runs outside any transaction, as {@code VACUUM} must; called by one thread.
     */
    boolean vacuumIfNeeded(long deadRows) {
        long dead = deadRows();
        deadLeftByLastVacuum = Math.min(deadLeftByLastVacuum, dead);
        if (dead - deadLeftByLastVacuum < deadRows) {
            return false;
        }
        jdbc.execute("VACUUM (INDEX_CLEANUP ON, SKIP_LOCKED) sending.delivery_queue");
        deadLeftByLastVacuum = deadRows();
        return true;
    }

    private long deadRows() {
        Long dead = jdbc.queryForObject(
                "SELECT coalesce((SELECT n_dead_tup FROM pg_stat_user_tables"
                        + " WHERE schemaname = 'sending' AND relname = 'delivery_queue'), 0)",
                Long.class);
        return dead == null ? 0 : dead;
    }

    private static Origin origin(ResultSet rs) throws SQLException {
        return new Origin(rs.getString("principal"), rs.getString("correlation_id"));
    }

    /** A message still in the queue, with the origin its commands carry. */
    record QueuedMessage(MessageId messageId, Origin origin) {}

    private void reschedule(UUID messageId, int attempts, Instant dueAt, Long version) {
        writes().add(
                        "UPDATE sending.delivery_queue SET attempts = ?, due_at = ?, version = ?, claimed_until = NULL,"
                                + " claimed_by = NULL WHERE message_id = ?",
                        attempts,
                        utc(dueAt),
                        version,
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
