package io.mailing.sending.delivery;

import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.message.MessageAttemptFailed;
import io.mailing.events.message.MessageCancelled;
import io.mailing.events.message.MessageDeferred;
import io.mailing.events.message.MessageExpired;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageQueued;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageSuppressed;
import io.mailing.events.message.Transactional;
import io.mailing.platform.axon.PerBatch;
import io.mailing.platform.ids.RandomIds;
import io.mailing.sending.message.MessageId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
 * removes it. Delivery claims due rows with a lease: one row of {@code sending.delivery_lease} per claim, naming the
 * messages it took, so that a claim of a hundred messages writes one row instead of updating a hundred. A message
 * is leased while a running lease names it; the node takes each message out of its lease as the message's outcome
 * is recorded ({@link #unlease}), renews the leases of the messages it is still calling or recording
 * ({@link #renew}), and a node that dies simply lets its leases run out. The table turns over as fast as messages
 * are sent, so the sweeper vacuums it as dead rows pile up ({@link QueueVacuum}).
 */
@Component
@ProcessingGroup(DeliveryQueue.PROCESSING_GROUP)
class DeliveryQueue {

    static final String PROCESSING_GROUP = "delivery-queue";

    /** The claim's planner settings, local to its transaction (see {@link #claim}). */
    static final String CLAIM_SETTINGS = "SELECT set_config('enable_seqscan', 'off', true),"
            + " set_config('enable_bitmapscan', 'off', true), set_config('jit', 'off', true),"
            + " set_config('plan_cache_mode', 'force_custom_plan', true)";

    /** The messages that running leases name: the claim passes over them. */
    static final String LEASED =
            "SELECT unnest(message_ids) AS message_id FROM sending.delivery_lease WHERE until > now()";

    /**
     * The claim's second statement (after {@link #LEASED}): locks due messages of one channel that no running lease
     * names and whose end (their own: a one-off's {@code sendBefore}; and their mailout's) lies beyond the end guard,
     * with their mailout's text and window and their address's opt-out, if it has one (an e-mail's subject and HTML
     * body are the mailout's, read once per mailout: {@link io.mailing.sending.dispatch.StartedMailouts}). A message
     * past its end is the sweeper's to expire: leased, it would be given back unsent and leased again, over and over,
     * and the sweeper, which passes over leased messages, might never get it (the end is tested as an expression, not
     * against the column, so that the planner keeps to the mailout's range by due time and does not take the index on
     * the end instead). Its parameters are the leased messages (a constant for the planner, which looks each row up
     * in a hash of them), the end guard in milliseconds, the batch, the channel, the end guard again and the batch
     * again.
     */
    static final String CLAIM_DUE = """
            SELECT due.message_id, due.mailout_id, due.customer_id, due.provider_message_id, due.phone, due.email,
                   due.time_zone, due.end_at, due.attempts, due.version, due.principal, due.correlation_id,
                   COALESCE(due.text, running.text) AS text, due.subject, due.html,
                   running.window_from, running.window_to, opted.opt_out_id, opted.source AS opt_out_source,
                   opted.opted_out_at
              FROM sending.dispatch_mailout running
             CROSS JOIN LATERAL (
                   SELECT d.*
                     FROM sending.delivery_queue d
                    WHERE d.mailout_id = running.mailout_id
                      AND d.due_at <= now()
                      AND d.message_id <> ALL (?)
                      AND d.end_at - ? * INTERVAL '1 millisecond' > now()
                    ORDER BY d.due_at
                    LIMIT ?
                      FOR UPDATE OF d SKIP LOCKED) due
              LEFT JOIN sending.opt_out opted
                ON opted.channel = running.channel AND opted.address = COALESCE(due.email, due.phone)
             WHERE running.state = 'RUNNING'
               AND running.channel = ?
               AND running.end_at > now() + ? * INTERVAL '1 millisecond'
             ORDER BY due.due_at
             LIMIT ?
            """;

    /**
     * The claim's last statement: the lease of the locked messages that no running lease names by now (a claim that
     * committed between the start of the locking statement, whose snapshot did not show its lease, and the moment a
     * row was locked, its lock gone by then, has leased that message already; this later statement sees its lease).
     * Its parameters are the locked messages, the lease's id, the node and the lease in milliseconds; it answers the
     * leased messages, or nothing when none was left.
     */
    static final String CLAIM_LEASE = """
            WITH free AS (SELECT ARRAY(SELECT unnest(?::uuid[]) EXCEPT %s) AS ids)
            INSERT INTO sending.delivery_lease (lease_id, node, until, message_ids)
            SELECT ?, ?, now() + ? * INTERVAL '1 millisecond', ids FROM free WHERE cardinality(ids) > 0
            RETURNING message_ids
            """.formatted(LEASED);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

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
        boolean oneOff = Transactional.is(event.mailoutId());
        writes().add(
                        """
                INSERT INTO sending.delivery_queue (message_id, mailout_id, customer_id, provider_message_id, phone,
                                                    email, time_zone, end_at, attempts, due_at, principal,
                                                    correlation_id, version, text, subject, html)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (message_id) DO NOTHING
                """,
                        event.messageId(),
                        event.mailoutId(),
                        event.customerId(),
                        event.providerMessageId(),
                        event.phone(),
                        event.email(),
                        event.timeZone(),
                        utc(event.endAt()),
                        utc(event.queuedAt()),
                        principal,
                        correlationId,
                        version,
                        oneOff ? event.text() : null,
                        event.subject(),
                        event.html());
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

    @EventHandler
    void on(MessageSuppressed event) {
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
     * {@code (mailout_id, due_at)} index, at most {@code limit} of them, passing over those a running lease names,
     * and locked; then one lease row names the locked messages (an earlier form updated each of them by primary key;
     * the single statement before that, an update joined to the selection, was planned as a scan of the whole queue
     * with statistics taken while it was empty). Sequential and bitmap scans are off for the claim's transaction,
     * which leaves each statement one sensible plan: with too low an estimate of the due rows the planner otherwise
     * read every due row of the mailout and sorted them, at every claim (the cost of both plans: docs/performance.md,
     * "Figures behind choices in the code"). JIT compilation is off too: it is never worth it for statements
     * this short. And each claim is planned for its own parameters: the driver prepares a statement it runs often
     * on the server, where a generic plan, made without knowing the batch, could replace the custom one.
     *
     * <p>A leased row keeps its {@code due_at}, so the walk passes the attempts under way (at most
     * {@code max-in-flight} of this node's); in exchange, the messages of a node that died are taken over as soon as
     * their leases run out, ahead of everything queued after them, rather than behind the mailout's backlog.
     *
     * <p>Two claims never lease one message: a row is locked by one transaction at a time, and the claim that locks
     * it second reads the leases again after locking ({@link #CLAIM_LEASE}), by which time the first one's lease is
     * committed.
     */
    List<PendingDelivery> claim(String node, Channel channel, int limit, Duration lease, Duration endGuard) {
        return transactions.execute(status -> lease(node, channel, limit, lease, endGuard));
    }

    private List<PendingDelivery> lease(String node, Channel channel, int limit, Duration lease, Duration endGuard) {
        jdbc.queryForList(CLAIM_SETTINGS);
        UUID leaseId = RandomIds.uuid();
        List<PendingDelivery> locked = jdbc.query(
                CLAIM_DUE,
                (rs, row) -> {
                    Time from = rs.getTime("window_from");
                    Time to = rs.getTime("window_to");
                    String phone = rs.getString("phone");
                    UUID optOutId = rs.getObject("opt_out_id", UUID.class);
                    return new PendingDelivery(
                            new MessageId(rs.getObject("message_id", UUID.class)),
                            rs.getObject("mailout_id", UUID.class),
                            rs.getObject("customer_id", UUID.class),
                            rs.getLong("provider_message_id"),
                            channel,
                            phone == null ? null : Long.valueOf(phone),
                            rs.getString("email"),
                            rs.getString("text"),
                            rs.getString("subject"),
                            rs.getString("html"),
                            ZoneId.of(rs.getString("time_zone")),
                            from == null || to == null
                                    ? null
                                    : new DeliveryWindow(from.toLocalTime(), to.toLocalTime()),
                            rs.getObject("end_at", OffsetDateTime.class).toInstant(),
                            rs.getInt("attempts"),
                            rs.getObject("version", Long.class),
                            origin(rs),
                            leaseId,
                            optOutId == null
                                    ? null
                                    : new OptedOut(
                                            optOutId,
                                            rs.getString("opt_out_source"),
                                            rs.getObject("opted_out_at", OffsetDateTime.class)
                                                    .toInstant()));
                },
                leased(),
                endGuard.toMillis(),
                limit,
                channel.name(),
                endGuard.toMillis(),
                limit);
        if (locked.isEmpty()) {
            return locked;
        }
        Set<UUID> leasedNow = jdbc
                .query(
                        CLAIM_LEASE,
                        (rs, row) -> (UUID[]) rs.getArray("message_ids").getArray(),
                        ids(locked.stream().map(PendingDelivery::messageId)),
                        leaseId,
                        node,
                        lease.toMillis())
                .stream()
                .flatMap(Arrays::stream)
                .collect(Collectors.toSet());
        return locked.stream()
                .filter(delivery -> leasedNow.contains(delivery.messageId().value()))
                .toList();
    }

    private UUID[] leased() {
        return jdbc.queryForList(LEASED, UUID.class).toArray(UUID[]::new);
    }

    private static UUID[] ids(Stream<MessageId> messages) {
        return messages.map(MessageId::value).toArray(UUID[]::new);
    }

    /**
     * Takes these claimed messages out of their leases, deleting a lease that names none of its messages any more:
     * their outcomes are recorded in this transaction, or they are given back without an attempt, due again at once.
     */
    void unlease(Collection<PendingDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        UUID[] leases =
                deliveries.stream().map(PendingDelivery::lease).distinct().toArray(UUID[]::new);
        UUID[] messages = ids(deliveries.stream().map(PendingDelivery::messageId));
        jdbc.update(
                "DELETE FROM sending.delivery_lease WHERE lease_id = ANY (?) AND message_ids <@ ?", leases, messages);
        jdbc.update(
                "UPDATE sending.delivery_lease"
                        + " SET message_ids = ARRAY(SELECT m FROM unnest(message_ids) m WHERE m <> ALL (?))"
                        + " WHERE lease_id = ANY (?) AND message_ids && ?",
                messages,
                leases,
                messages);
    }

    /**
     * Extends this node's running leases of these messages to {@code lease} from now, so that no other node takes
     * over a message whose call or outcome is still under way here; a lease that has run out is left alone, as
     * another node may have leased its messages anew. Answers how many leases it extended.
     */
    int renew(String node, Collection<UUID> leases, Duration lease) {
        if (leases.isEmpty()) {
            return 0;
        }
        return jdbc.update(
                "UPDATE sending.delivery_lease SET until = now() + ? * INTERVAL '1 millisecond'"
                        + " WHERE lease_id = ANY (?) AND node = ? AND until > now()",
                lease.toMillis(),
                leases.toArray(UUID[]::new),
                node);
    }

    /** Gives back every lease a previous run of this node left behind; answers how many messages they named. */
    int releaseAll(String node) {
        return jdbc
                .queryForList(
                        "DELETE FROM sending.delivery_lease WHERE node = ? RETURNING cardinality(message_ids)",
                        Integer.class,
                        node)
                .stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    /** Deletes the leases that have run out: they no longer hold their messages, whoever wrote them. */
    int dropRunOutLeases() {
        return jdbc.update("DELETE FROM sending.delivery_lease WHERE until <= now()");
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

    /**
     * Locks the pending messages that meet the condition and that no running lease names, then leaves out those
     * that a claim leased in the meantime (see {@link #CLAIM_LEASE}).
     */
    private List<QueuedMessage> lockPending(String condition, int limit) {
        List<QueuedMessage> locked = jdbc.query(
                "SELECT d.message_id, d.principal, d.correlation_id FROM sending.delivery_queue d WHERE " + condition
                        + " AND d.message_id <> ALL (?) LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, row) -> new QueuedMessage(new MessageId(rs.getObject("message_id", UUID.class)), origin(rs)),
                leased(),
                limit);
        if (locked.isEmpty()) {
            return locked;
        }
        Set<UUID> leasedNow = Set.copyOf(jdbc.queryForList(LEASED, UUID.class));
        return locked.stream()
                .filter(message -> !leasedNow.contains(message.messageId().value()))
                .toList();
    }

    private static Origin origin(ResultSet rs) throws SQLException {
        return new Origin(rs.getString("principal"), rs.getString("correlation_id"));
    }

    /** A message still in the queue, with the origin its commands carry. */
    record QueuedMessage(MessageId messageId, Origin origin) {}

    private void reschedule(UUID messageId, int attempts, Instant dueAt, Long version) {
        writes().add(
                        "UPDATE sending.delivery_queue SET attempts = ?, due_at = ?, version = ? WHERE message_id = ?",
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
