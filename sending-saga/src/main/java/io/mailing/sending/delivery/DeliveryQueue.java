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
import io.mailing.platform.jdbc.AnyOf;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The messages that still need an attempt. Its processor is subscribing, so the queue changes in the very
 * transaction that appends the message's event (the changes of a unit of work are written together as it commits,
 * see {@link QueueWrites}). The messages a unit of work queues (a release batch of 200) become one row of
 * {@code sending.delivery_batch}, their columns side by side in arrays; a claim leases the next messages of a batch
 * row in order and moves its {@code claimed_through} past them, so a message sent at its first attempt writes no row
 * of its own here. A message gets a row of {@code sending.delivery_queue} (the persistent deadline of its next
 * attempt, {@code due_at}) when it was queued alone (a late joiner, a one-off), or when it needs another attempt:
 * deferred by its window or failed with a retry (its event's handler copies it from its batch row, or moves its
 * row), given back without an attempt ({@link #requeue}), or left behind in a lease that ran out without its outcome
 * ({@link #dropRunOutLeases}); a final status removes the row. A batch row whose messages were all claimed and that
 * no lease names any more is deleted ({@link #deleteClaimedBatches}).
 *
 * <p>Delivery claims due rows with a lease: one row of {@code sending.delivery_lease} per claim, naming the messages
 * it took (and the batch row they came from), so that a claim of a hundred messages writes one row instead of
 * updating a hundred. A message is leased while a running lease names it; the node takes each message out of its
 * lease as the message's outcome is recorded ({@link #unlease}), renews the leases of the messages it is still
 * calling or recording ({@link #renew}), and a node that dies simply lets its leases run out. The queue table turns
 * over as fast as messages are retried, so the sweeper vacuums it as dead rows pile up ({@link QueueVacuum}).
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
     * The queue's messages that running leases name: the claim passes over them. A lease of a batch claim names none
     * of them: a message of a batch gets a queue row only in the transaction that takes it out of its lease, or
     * deletes the lease.
     */
    static final String LEASED = "SELECT unnest(message_ids) AS message_id FROM sending.delivery_lease"
            + " WHERE until > now() AND batch_id IS NULL";

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

    /**
     * The messages of the batch row {@code b}, one row each ({@code u}) in their order ({@code n}), with their own
     * columns: a lateral join.
     */
    private static final String BATCH_MESSAGES = """
            CROSS JOIN LATERAL unnest(b.message_ids, b.customer_ids, b.provider_message_ids, b.phones, b.emails,
                                      b.time_zones, b.texts, b.subjects, b.htmls) WITH ORDINALITY
                  AS u(message_id, customer_id, provider_message_id, phone, email, time_zone, text, subject, html, n)""";

    /**
     * Copies messages of a batch row into the queue, due at the given time ({@code null}: now), or moves the rows
     * they have there already. Its parameters are the attempts made, the due time, the version, the batch and the
     * messages.
     */
    private static final String FROM_BATCH = """
            INSERT INTO sending.delivery_queue (message_id, mailout_id, customer_id, provider_message_id, phone, email,
                                                time_zone, end_at, attempts, due_at, principal, correlation_id,
                                                version, text, subject, html)
            SELECT u.message_id, b.mailout_id, u.customer_id, u.provider_message_id, u.phone, u.email, u.time_zone,
                   b.end_at, ?, COALESCE(?::timestamptz, now()), b.principal, b.correlation_id, ?, u.text, u.subject,
                   u.html
              FROM sending.delivery_batch b
             %s
             WHERE b.batch_id = ? AND u.message_id = ANY (?)
            ON CONFLICT (message_id) DO UPDATE
               SET attempts = EXCLUDED.attempts, due_at = EXCLUDED.due_at, version = EXCLUDED.version
            """.formatted(BATCH_MESSAGES);

    /**
     * The batch claim's first statement: locks the earliest due batch row of a running mailout of one channel that
     * has messages no claim took yet and whose end lies beyond the end guard. Its parameters are the end guard in
     * milliseconds, the channel and the end guard again.
     */
    static final String PICK_BATCH = """
            SELECT next.batch_id, next.claimed_through, next.size
              FROM sending.dispatch_mailout running
             CROSS JOIN LATERAL (
                   SELECT b.batch_id, b.claimed_through, b.size, b.due_at
                     FROM sending.delivery_batch b
                    WHERE b.mailout_id = running.mailout_id
                      AND b.due_at <= now()
                      AND b.claimed_through < b.size
                      AND b.end_at - ? * INTERVAL '1 millisecond' > now()
                    ORDER BY b.due_at
                    LIMIT 1
                      FOR UPDATE OF b SKIP LOCKED) next
             WHERE running.state = 'RUNNING'
               AND running.channel = ?
               AND running.end_at > now() + ? * INTERVAL '1 millisecond'
             ORDER BY next.due_at
             LIMIT 1
            """;

    /**
     * The batch claim's messages: those of the batch row after the first {@code from} up to the {@code to}th, with
     * what {@link #CLAIM_DUE} reads of a queued message (none attempted yet, each at its first event's version).
     * Its parameters are the batch, {@code from} and {@code to}.
     */
    private static final String CLAIM_BATCH = """
            SELECT u.message_id, b.mailout_id, u.customer_id, u.provider_message_id, u.phone, u.email, u.time_zone,
                   b.end_at, 0 AS attempts, 0::bigint AS version, b.principal, b.correlation_id,
                   COALESCE(u.text, running.text) AS text, u.subject, u.html,
                   running.window_from, running.window_to, opted.opt_out_id, opted.source AS opt_out_source,
                   opted.opted_out_at
              FROM sending.delivery_batch b
              JOIN sending.dispatch_mailout running ON running.mailout_id = b.mailout_id
             %s
              LEFT JOIN sending.opt_out opted
                ON opted.channel = running.channel AND opted.address = COALESCE(u.email, u.phone)
             WHERE b.batch_id = ? AND u.n > ? AND u.n <= ?
             ORDER BY u.n
            """.formatted(BATCH_MESSAGES);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    /** Which of some messages have an event after their first: an attempt's outcome, say. */
    private final String changedSinceQueued;

    DeliveryQueue(JdbcTemplate jdbc, TransactionTemplate transactions, EventSchema schema) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.changedSinceQueued = "SELECT " + schema.aggregateIdentifierColumn() + " FROM "
                + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ANY (?) AND "
                + schema.sequenceNumberColumn() + " = 1";
    }

    @EventHandler
    void on(
            MessageQueued event,
            @MetaDataValue(Origin.PRINCIPAL) String principal,
            @MetaDataValue(Origin.CORRELATION_ID) String correlationId) {
        boolean oneOff = Transactional.is(event.mailoutId());
        writes().queued(new QueueWrites.Queued(
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
                oneOff ? event.text() : null,
                event.subject(),
                event.html()));
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
        List<PendingDelivery> queued = leaseQueued(node, channel, limit, lease, endGuard);
        if (queued.size() >= limit) {
            return queued;
        }
        List<PendingDelivery> batched = leaseBatched(node, channel, limit - queued.size(), lease, endGuard);
        return queued.isEmpty()
                ? batched
                : Stream.concat(queued.stream(), batched.stream()).toList();
    }

    private List<PendingDelivery> leaseQueued(
            String node, Channel channel, int limit, Duration lease, Duration endGuard) {
        jdbc.queryForList(CLAIM_SETTINGS);
        UUID leaseId = RandomIds.uuid();
        List<PendingDelivery> locked = jdbc.query(
                CLAIM_DUE,
                (rs, row) -> delivery(rs, channel, leaseId, null),
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

    /**
     * Leases the next messages no claim took yet of the earliest due batch row, up to {@code limit}: the row is
     * locked, so no other claim takes the same ones, and {@code claimed_through} moves past them.
     */
    private List<PendingDelivery> leaseBatched(
            String node, Channel channel, int limit, Duration lease, Duration endGuard) {
        List<Unclaimed> picked =
                jdbc.query(PICK_BATCH, Unclaimed::of, endGuard.toMillis(), channel.name(), endGuard.toMillis());
        if (picked.isEmpty()) {
            return List.of();
        }
        UUID batch = picked.get(0).batch();
        int from = picked.get(0).claimedThrough();
        int to = Math.min(from + limit, picked.get(0).size());
        jdbc.update("UPDATE sending.delivery_batch SET claimed_through = ? WHERE batch_id = ?", to, batch);
        UUID leaseId = RandomIds.uuid();
        List<PendingDelivery> claimed =
                jdbc.query(CLAIM_BATCH, (rs, row) -> delivery(rs, channel, leaseId, batch), batch, from, to);
        jdbc.update(
                "INSERT INTO sending.delivery_lease (lease_id, node, until, message_ids, batch_id)"
                        + " VALUES (?, ?, now() + ? * INTERVAL '1 millisecond', ?, ?)",
                leaseId,
                node,
                lease.toMillis(),
                ids(claimed.stream().map(PendingDelivery::messageId)),
                batch);
        return claimed;
    }

    /** A batch row with messages no claim took yet: those after the first {@code claimedThrough}. */
    private record Unclaimed(UUID batch, int claimedThrough, int size) {

        static Unclaimed of(ResultSet rs, int row) throws SQLException {
            return new Unclaimed(rs.getObject("batch_id", UUID.class), rs.getInt("claimed_through"), rs.getInt("size"));
        }
    }

    /** A claimed message, read by {@link #CLAIM_DUE} or {@link #CLAIM_BATCH}. */
    private static PendingDelivery delivery(ResultSet rs, Channel channel, UUID leaseId, UUID batch)
            throws SQLException {
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
                from == null || to == null ? null : new DeliveryWindow(from.toLocalTime(), to.toLocalTime()),
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
                                        .toInstant()),
                batch);
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

    /**
     * Gives these claimed messages back for another claim: those claimed from a batch row get a row of the queue, due
     * now (the others have one). In the caller's transaction, with {@link #unlease}.
     */
    void requeue(Collection<PendingDelivery> deliveries) {
        deliveries.stream()
                .filter(delivery -> delivery.batch() != null)
                .collect(Collectors.groupingBy(PendingDelivery::batch))
                .forEach((batch, messages) ->
                        fromBatch(batch, ids(messages.stream().map(PendingDelivery::messageId))));
    }

    /** Copies these messages of the batch row into the queue, due now, not attempted yet. */
    private void fromBatch(UUID batch, UUID[] messages) {
        jdbc.update(FROM_BATCH, 0, null, 0L, batch, messages);
    }

    /** Gives back every lease a previous run of this node left behind; answers how many messages they named. */
    int releaseAll(String node) {
        return transactions.execute(status -> drop("node = ?", node)).stream()
                .mapToInt(lease -> lease.messages().length)
                .sum();
    }

    /** Deletes the leases that have run out: they no longer hold their messages, whoever wrote them. */
    int dropRunOutLeases() {
        return transactions.execute(status -> drop("until <= now()")).size();
    }

    /**
     * Deletes the leases that meet the condition. The messages they named that a batch claim took and whose outcome
     * the event store does not have (their node died before recording it, or gave up) get a row of the queue, due
     * now. A node whose lease ran out while it still works on a message loses nothing either: deleting the lease
     * waits for the transaction recording its outcomes, which takes them out of the lease first, and one that
     * records later finds the row and moves or deletes it.
     */
    private List<Lease> drop(String condition, Object... arguments) {
        List<Lease> dropped = jdbc.query(
                "DELETE FROM sending.delivery_lease WHERE " + condition + " RETURNING batch_id, message_ids",
                (rs, row) -> new Lease(rs.getObject("batch_id", UUID.class), (UUID[])
                        rs.getArray("message_ids").getArray()),
                arguments);
        for (Lease lease : dropped) {
            if (lease.batch() != null && lease.messages().length > 0) {
                Set<String> recorded = new HashSet<>(jdbc.query(
                        AnyOf.values(
                                changedSinceQueued,
                                "varchar",
                                Arrays.stream(lease.messages())
                                        .map(UUID::toString)
                                        .toList()),
                        (rs, row) -> rs.getString(1)));
                UUID[] unrecorded = Arrays.stream(lease.messages())
                        .filter(message -> !recorded.contains(message.toString()))
                        .toArray(UUID[]::new);
                if (unrecorded.length > 0) {
                    fromBatch(lease.batch(), unrecorded);
                }
            }
        }
        return dropped;
    }

    /** A lease: the messages it names, claimed from the batch row {@code batch} or, if null, from the queue. */
    private record Lease(UUID batch, UUID[] messages) {}

    /**
     * Deletes the batch rows whose every message was claimed and that no lease names: their messages are final, or
     * have rows of the queue. Answers how many it deleted.
     */
    int deleteClaimedBatches() {
        return jdbc.update("DELETE FROM sending.delivery_batch b WHERE b.claimed_through = b.size"
                + " AND NOT EXISTS (SELECT 1 FROM sending.delivery_lease l WHERE l.batch_id = b.batch_id)");
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
     * that a claim leased in the meantime (see {@link #CLAIM_LEASE}); when they are fewer than {@code limit}, adds
     * the messages no claim took of a batch row that meets it (claimed now by the caller, whose transaction locks
     * the row and moves its {@code claimed_through} to the end).
     */
    private List<QueuedMessage> lockPending(String condition, int limit) {
        List<QueuedMessage> locked = jdbc.query(
                "SELECT d.message_id, d.principal, d.correlation_id FROM sending.delivery_queue d WHERE " + condition
                        + " AND d.message_id <> ALL (?) LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, row) -> new QueuedMessage(new MessageId(rs.getObject("message_id", UUID.class)), origin(rs)),
                leased(),
                limit);
        if (!locked.isEmpty()) {
            Set<UUID> leasedNow = Set.copyOf(jdbc.queryForList(LEASED, UUID.class));
            locked = locked.stream()
                    .filter(message -> !leasedNow.contains(message.messageId().value()))
                    .toList();
        }
        if (locked.size() >= limit) {
            return locked;
        }
        List<Unclaimed> batch = jdbc.query(
                "SELECT d.batch_id, d.claimed_through, d.size FROM sending.delivery_batch d WHERE " + condition
                        + " AND d.claimed_through < d.size LIMIT 1 FOR UPDATE SKIP LOCKED",
                Unclaimed::of);
        if (batch.isEmpty()) {
            return locked;
        }
        List<QueuedMessage> unclaimed = jdbc.query(
                """
                SELECT u.message_id, b.principal, b.correlation_id
                  FROM sending.delivery_batch b
                 CROSS JOIN LATERAL unnest(b.message_ids) WITH ORDINALITY AS u(message_id, n)
                 WHERE b.batch_id = ? AND u.n > ?
                 ORDER BY u.n
                """,
                (rs, row) -> new QueuedMessage(new MessageId(rs.getObject("message_id", UUID.class)), origin(rs)),
                batch.get(0).batch(),
                batch.get(0).claimedThrough());
        jdbc.update(
                "UPDATE sending.delivery_batch SET claimed_through = size WHERE batch_id = ?",
                batch.get(0).batch());
        return Stream.concat(locked.stream(), unclaimed.stream()).toList();
    }

    private static Origin origin(ResultSet rs) throws SQLException {
        return new Origin(rs.getString("principal"), rs.getString("correlation_id"));
    }

    /** A message still in the queue, with the origin its commands carry. */
    record QueuedMessage(MessageId messageId, Origin origin) {}

    /**
     * The message's next attempt is due at {@code dueAt}: its row moves there, or, for a message queued in this unit
     * of work or claimed from a batch row, gets written with it.
     */
    private void reschedule(UUID messageId, int attempts, Instant dueAt, Long version) {
        QueueWrites writes = writes();
        QueueWrites.Queued queued = writes.takeQueued(messageId);
        if (queued != null) {
            writes.add(QueueWrites.INSERT_ROW, queued.row(attempts, utc(dueAt), version));
            return;
        }
        writes.add(
                "UPDATE sending.delivery_queue SET attempts = ?, due_at = ?, version = ? WHERE message_id = ?",
                attempts,
                utc(dueAt),
                version,
                messageId);
        UUID batch = ClaimedBatches.of(messageId);
        if (batch != null) {
            writes.add(FROM_BATCH, attempts, utc(dueAt), version, batch, new UUID[] {messageId});
        }
    }

    /** The message is final: its row goes, or, queued in this unit of work, is never written. */
    private void remove(UUID messageId) {
        QueueWrites writes = writes();
        if (writes.takeQueued(messageId) == null) {
            writes.add("DELETE FROM sending.delivery_queue WHERE message_id = ?", messageId);
        }
    }

    /** This unit of work's queue changes, written together when it commits. */
    private QueueWrites writes() {
        return PerBatch.get(QueueWrites.class.getName(), QueueWrites::new, writes -> writes.run(jdbc));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
