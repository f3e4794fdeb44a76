package io.mailing.sending.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.DeliveryWindow;
import io.mailing.events.message.ErrorKind;
import io.mailing.sending.SendingServiceApplication;
import io.mailing.sending.message.AttemptResult;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.sending.message.MessageCommands.QueueNewMessage;
import io.mailing.sending.message.MessageCommands.RecordAttempt;
import io.mailing.sending.message.MessageRepository;
import io.mailing.testsupport.WithPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery queue's claim on a real database: which messages it leases, in which order, past rows another
 * transaction holds, how much of the queue it reads to do so whatever the table's statistics say, and the vacuum
 * that keeps sent messages from slowing it down.
 */
@WithPostgres
@SpringBootTest(classes = SendingServiceApplication.class, properties = "mailing.delivery.enabled=false")
class DeliveryQueueIT {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration END_GUARD = Duration.ofSeconds(30);
    private static final int BATCH = 100;

    private final DeliveryQueue queue;
    private final QueueVacuum vacuum;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DataSource dataSource;
    private final CommandGateway commands;

    DeliveryQueueIT(
            DeliveryQueue queue,
            QueueVacuum vacuum,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            DataSource dataSource,
            CommandGateway commands) {
        this.commands = commands;
        this.queue = queue;
        this.vacuum = vacuum;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.dataSource = dataSource;
    }

    /** An empty queue, which only the platform vacuums or analyzes, as on a server with autovacuum off. */
    @BeforeEach
    void emptyQueue() {
        jdbc.execute("ALTER TABLE sending.delivery_queue SET (autovacuum_enabled = false)");
        jdbc.execute("ALTER TABLE sending.delivery_batch SET (autovacuum_enabled = false)");
        jdbc.update("DELETE FROM sending.delivery_queue");
        jdbc.update("DELETE FROM sending.delivery_batch");
        jdbc.update("DELETE FROM sending.dispatch_mailout");
        jdbc.update("DELETE FROM sending.delivery_lease");
    }

    @Test
    void leasesTheEarliestDueMessagesOfRunningMailoutsAcrossMailouts() {
        UUID windowed = mailout("RUNNING", "Windowed", "1 hour", LocalTime.of(9, 0), LocalTime.of(21, 0));
        UUID plain = mailout("RUNNING", "Plain", "1 hour", null, null);
        UUID paused = mailout("PAUSED", "Paused", "1 hour", null, null);
        UUID ending = mailout("RUNNING", "Ending", "10 seconds", null, null);
        UUID deadNodes = message(plain, "-6 minutes");
        lease("dead-node", "-1 second", deadNodes);
        lease("other-node", "1 minute", message(windowed, "-5 minutes"));
        UUID windowedFirst = message(windowed, "-3 minutes");
        UUID plainFirst = message(plain, "-2 minutes");
        UUID windowedSecond = message(windowed, "-1 minute");
        message(plain, "1 minute");
        message(paused, "-10 minutes");
        message(ending, "-10 minutes");

        List<PendingDelivery> first = queue.claim("node-a", Channel.SMS, 3, LEASE, END_GUARD);

        assertThat(first)
                .as("earliest due first, the dead node's expired lease included; not the other node's live lease,"
                        + " the message not yet due, the paused mailout's or the one ending within the guard")
                .extracting(delivery -> delivery.messageId().value())
                .containsExactly(deadNodes, windowedFirst, plainFirst);
        assertThat(first.get(1).text()).isEqualTo("Windowed");
        assertThat(first.get(1).deliveryWindow())
                .isEqualTo(new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(21, 0)));
        assertThat(first.get(2).text()).isEqualTo("Plain");
        assertThat(first.get(2).deliveryWindow()).isNull();
        assertThat(jdbc.queryForList(
                        "SELECT cardinality(message_ids) FROM sending.delivery_lease WHERE node = 'node-a'"
                                + " AND until BETWEEN now() + INTERVAL '1 minute' AND now() + INTERVAL '3 minutes'",
                        Integer.class))
                .as("one lease of about %s for the whole claim", LEASE)
                .containsExactly(3);
        assertThat(first)
                .extracting(PendingDelivery::lease)
                .containsOnly(first.get(0).lease());

        assertThat(queue.claim("node-b", Channel.SMS, 10, LEASE, END_GUARD))
                .extracting(delivery -> delivery.messageId().value())
                .containsExactly(windowedSecond);
        assertThat(queue.claim("node-b", Channel.SMS, 10, LEASE, END_GUARD)).isEmpty();
    }

    @Test
    void aMessagePastItsOwnEndIsLeftToTheSweeperEvenWhileItsMailoutRuns() {
        UUID standing = mailout("RUNNING", "One-offs", "100 years", null, null);
        UUID ended = message(standing, "-1 minute", "-1 second");
        UUID endingWithinTheGuard = message(standing, "-1 minute", "10 seconds");
        UUID sendable = message(standing, "-1 minute", "1 hour");

        assertThat(queue.claim("node-a", Channel.SMS, 10, LEASE, END_GUARD))
                .as("only the message that can still go out before its end (minus the guard)")
                .extracting(delivery -> delivery.messageId().value())
                .containsExactly(sendable);
        List<DeliveryQueue.QueuedMessage> sweepable = transactions.execute(status -> queue.lockEnded(10));
        assertThat(sweepable)
                .as("the ended one is the sweeper's, unleased")
                .extracting(locked -> locked.messageId().value())
                .containsExactly(ended);
        assertThat(queue.claim("node-b", Channel.SMS, 10, LEASE, END_GUARD)).isEmpty();
        assertThat(endingWithinTheGuard).isNotIn(ended, sendable);
    }

    @Test
    void renewsOnlyThisNodesRunningLeasesOfTheMessagesItIsStillWorkingOn() {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        UUID mine = lease("node-a", "2 seconds", message(mailout, "-1 minute"));
        UUID mineButDone = lease("node-a", "2 seconds", message(mailout, "-1 minute"));
        UUID ranOut = lease("node-a", "-1 second", message(mailout, "-1 minute"));
        UUID others = lease("node-b", "2 seconds", message(mailout, "-1 minute"));

        int renewed = queue.renew("node-a", Set.of(mine, ranOut, others), LEASE);

        assertThat(renewed)
                .as("node-a's running lease of a message it works on; not one that ran out (its messages may have"
                        + " been leased anew), not node-b's, nor one it is done with")
                .isOne();
        assertThat(jdbc.queryForList(
                        "SELECT lease_id FROM sending.delivery_lease"
                                + " WHERE until BETWEEN now() + INTERVAL '1 minute' AND now() + INTERVAL '3 minutes'",
                        UUID.class))
                .as("leases now running for about %s", LEASE)
                .containsExactly(mine)
                .doesNotContain(mineButDone, ranOut, others);
        assertThat(queue.renew("node-a", Set.of(), LEASE)).isZero();
    }

    @Test
    void messagesLeaveTheirLeaseAsTheirOutcomesAreRecordedAndAnEmptyLeaseIsDeleted() {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        for (int i = 0; i < 3; i++) {
            message(mailout, "-1 minute");
        }
        List<PendingDelivery> claimed = queue.claim("node-a", Channel.SMS, 10, LEASE, END_GUARD);
        assertThat(claimed).hasSize(3);
        assertThat(queue.claim("node-b", Channel.SMS, 10, LEASE, END_GUARD))
                .as("all leased")
                .isEmpty();

        transactions.executeWithoutResult(status -> queue.unlease(claimed.subList(0, 2)));

        assertThat(jdbc.queryForList("SELECT unnest(message_ids) FROM sending.delivery_lease", UUID.class))
                .as("the lease names only the message still under way")
                .containsExactly(claimed.get(2).messageId().value());
        assertThat(queue.claim("node-b", Channel.SMS, 10, LEASE, END_GUARD))
                .as("the messages out of their lease are due again (their rows were not removed here)")
                .extracting(PendingDelivery::messageId)
                .containsExactlyInAnyOrder(
                        claimed.get(0).messageId(), claimed.get(1).messageId());

        transactions.executeWithoutResult(status -> queue.unlease(claimed.subList(2, 3)));
        assertThat(jdbc.queryForList("SELECT lease_id FROM sending.delivery_lease WHERE node = 'node-a'", UUID.class))
                .as("node-a's lease, empty now, is gone")
                .isEmpty();
    }

    @Test
    void runOutLeasesAreDeletedAndAStartingNodeTakesBackItsOwn() {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        UUID ranOut = lease("node-b", "-1 second", message(mailout, "-1 minute"));
        UUID running = lease("node-b", "1 minute", message(mailout, "-1 minute"));
        UUID earlierRun = lease("node-a", "1 minute", message(mailout, "-1 minute"), message(mailout, "-1 minute"));

        assertThat(queue.dropRunOutLeases()).isOne();
        assertThat(queue.releaseAll("node-a"))
                .as("the messages node-a's earlier run had leased")
                .isEqualTo(2);

        assertThat(jdbc.queryForList("SELECT lease_id FROM sending.delivery_lease", UUID.class))
                .containsExactly(running)
                .doesNotContain(ranOut, earlierRun);
    }

    /**
     * Two nodes claiming the same mailout's messages as fast as they can: however their claims interleave (one may
     * lock a row in the moment after another committed its lease of it), no message is ever in two leases.
     */
    @Test
    void concurrentClaimsNeverLeaseAMessageTwice() throws Exception {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        dueMessages(mailout, 6_000, OffsetDateTime.now().minusMinutes(1));
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> claimed =
                    nodes.invokeAll(List.of(() -> claimAll("node-a"), () -> claimAll("node-b")));
            int total = claimed.get(0).get() + claimed.get(1).get();
            assertThat(total)
                    .as("every message leased once, by one node or the other")
                    .isEqualTo(6_000);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) - count(DISTINCT m) FROM sending.delivery_lease, unnest(message_ids) m",
                        Long.class))
                .as("messages named by two leases")
                .isZero();
    }

    /** Claims batches of 20 until none is left; answers how many messages this node leased. */
    private int claimAll(String node) {
        int leased = 0;
        int batch;
        do {
            batch = queue.claim(node, Channel.SMS, 20, LEASE, END_GUARD).size();
            leased += batch;
        } while (batch > 0);
        return leased;
    }

    @Test
    void passesOverMessagesAnotherTransactionHoldsLocked() throws SQLException {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        UUID locked = message(mailout, "-2 minutes");
        UUID free = message(mailout, "-1 minute");

        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock =
                    other.prepareStatement("SELECT 1 FROM sending.delivery_queue WHERE message_id = ? FOR UPDATE")) {
                lock.setObject(1, locked);
                lock.executeQuery().close();
            }

            assertThat(queue.claim("node-a", Channel.SMS, 10, LEASE, END_GUARD))
                    .extracting(delivery -> delivery.messageId().value())
                    .as("the claim neither waits for the locked row nor takes it")
                    .containsExactly(free);
            other.rollback();
        }
        assertThat(queue.claim("node-a", Channel.SMS, 10, LEASE, END_GUARD))
                .extracting(delivery -> delivery.messageId().value())
                .containsExactly(locked);
    }

    /**
     * Two running mailouts with 20,000 due messages each, the first with 200 attempts under way at the front of its
     * range: a claim of 100 reads 400 rows of the queue (the batch from each mailout, the leased rows it walks past),
     * and never more than twice that, whatever the statistics. The plans it replaced read
     * every due row of a mailout, in a bitmap scan and a sort, when the planner thought the queue small, and the whole
     * queue when it had been analyzed empty.
     */
    @Test
    void readsAboutTheBatchOfTheQueueWhateverTheStatistics() {
        UUID busy = mailout("RUNNING", "Busy", "1 hour", null, null);
        UUID other = mailout("RUNNING", "Other", "1 hour", null, null);
        long bound = 2 * (BATCH + 200 + BATCH);

        fill(busy, other);
        assertThat(rowsOfTheQueueReadByAClaim()).as("a queue never analyzed").isLessThanOrEqualTo(bound);

        jdbc.update("DELETE FROM sending.delivery_queue");
        jdbc.execute("ANALYZE sending.delivery_queue");
        fill(busy, other);
        assertThat(rowsOfTheQueueReadByAClaim())
                .as("a queue analyzed while empty")
                .isLessThanOrEqualTo(bound);

        jdbc.execute("ANALYZE sending.delivery_queue");
        assertThat(rowsOfTheQueueReadByAClaim()).as("a queue analyzed as it is").isLessThanOrEqualTo(bound);
        assertThat(queue.claim("node-a", Channel.SMS, BATCH, LEASE, END_GUARD))
                .extracting(PendingDelivery::mailoutId)
                .as("the oldest messages, all of the other mailout's: the busy one's are due a second later")
                .containsOnly(other)
                .hasSize(BATCH);
    }

    /**
     * A mailout that has sent 50,000 of its messages: their rows are gone, but until a vacuum their index entries stay
     * at the front of the mailout's range, and each claim walked past all of them.
     */
    @Test
    void vacuumsTheQueueOnceDeadRowsPileUpSoClaimsStopWalkingPastSentMessages() {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        dueMessages(mailout, 50_100, OffsetDateTime.now().minusHours(1));
        jdbc.update("""
                DELETE FROM sending.delivery_queue WHERE message_id IN
                       (SELECT message_id FROM sending.delivery_queue ORDER BY due_at LIMIT 50000)
                """);
        long walked = pagesReadByAClaimFromTheMailoutsRange();
        assertThat(walked).as("the sent messages' index entries").isGreaterThan(100);
        assertThat(vacuum.vacuumIfNeeded(Long.MAX_VALUE))
                .as("below the threshold")
                .isFalse();

        await().atMost(Duration.ofSeconds(20)).until(() -> vacuum.vacuumIfNeeded(20_000));

        assertThat(pagesReadByAClaimFromTheMailoutsRange())
                .as("after the vacuum, against %d before", walked)
                .isLessThan(10);
        assertThat(queue.claim("node-a", Channel.SMS, BATCH, LEASE, END_GUARD)).hasSize(BATCH);
    }

    /** The batch table is vacuumed too, once its dead rows stand for the threshold's messages. */
    @Test
    void vacuumsTheBatchTableOnceItsDeadRowsStandForAsManyMessages() {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        int deadRows = 20_000 / QueueVacuum.MESSAGES_PER_DEAD_BATCH_ROW + 10;
        for (int i = 0; i < deadRows; i++) {
            release(mailout, 2, null);
        }
        jdbc.update("DELETE FROM sending.delivery_batch");
        await("the deleted batch rows counted").atMost(Duration.ofSeconds(20)).until(() -> deadBatchRows() >= deadRows);

        await().atMost(Duration.ofSeconds(20)).until(() -> vacuum.vacuumIfNeeded(20_000) && deadBatchRows() == 0);
    }

    private long deadBatchRows() {
        return jdbc.queryForObject(
                "SELECT n_dead_tup FROM pg_stat_user_tables WHERE schemaname = 'sending' AND relname = 'delivery_batch'",
                Long.class);
    }

    /**
     * While an older transaction still sees the deleted rows no vacuum can remove them; the next vacuum waits for as
     * many new dead rows as the threshold instead of scanning the table again at every sweep.
     */
    @Test
    void doesNotVacuumAgainForDeadRowsAnOlderTransactionStillSees() throws SQLException {
        UUID mailout = mailout("RUNNING", "Hello", "1 hour", null, null);
        dueMessages(mailout, 30_000, OffsetDateTime.now().minusHours(1));
        try (Connection older = dataSource.getConnection()) {
            older.setAutoCommit(false);
            older.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            older.createStatement()
                    .executeQuery("SELECT count(*) FROM sending.delivery_queue")
                    .close();
            jdbc.update("DELETE FROM sending.delivery_queue");

            await().atMost(Duration.ofSeconds(20)).until(() -> vacuum.vacuumIfNeeded(20_000));
            assertThat(jdbc.queryForObject(
                            "SELECT n_dead_tup FROM pg_stat_user_tables"
                                    + " WHERE schemaname = 'sending' AND relname = 'delivery_queue'",
                            Long.class))
                    .as("the deleted rows the older transaction sees are still there")
                    .isGreaterThanOrEqualTo(20_000);
            assertThat(vacuum.vacuumIfNeeded(20_000))
                    .as("no new dead rows since the last vacuum")
                    .isFalse();
            older.rollback();
        }
    }

    @Test
    void theMessagesAUnitOfWorkQueuesAreOneBatchRowThatClaimsTakeInOrder() {
        UUID mailout = mailout("RUNNING", "Released", "1 hour", null, null);
        List<UUID> released = release(mailout, 5, null);

        assertThat(jdbc.queryForObject(
                        "SELECT size FROM sending.delivery_batch WHERE mailout_id = ?", Integer.class, mailout))
                .as("one row for the five")
                .isEqualTo(5);
        assertThat(queueRows()).isEmpty();

        List<PendingDelivery> first = queue.claim("node-a", Channel.SMS, 3, LEASE, END_GUARD);
        assertThat(first).extracting(delivery -> delivery.messageId().value()).isEqualTo(released.subList(0, 3));
        assertThat(first).allSatisfy(delivery -> {
            assertThat(delivery.text()).isEqualTo("Released");
            assertThat(delivery.attempts()).isZero();
            assertThat(delivery.version()).as("MessageQueued is event 0").isZero();
            assertThat(delivery.batch()).isNotNull();
        });
        assertThat(jdbc.queryForObject(
                        "SELECT batch_id FROM sending.delivery_lease WHERE lease_id = ?",
                        UUID.class,
                        first.get(0).lease()))
                .isEqualTo(first.get(0).batch());
        assertThat(queue.claim("node-b", Channel.SMS, 3, LEASE, END_GUARD))
                .extracting(delivery -> delivery.messageId().value())
                .isEqualTo(released.subList(3, 5));
        assertThat(queue.claim("node-b", Channel.SMS, 3, LEASE, END_GUARD)).isEmpty();
        assertThat(queue.deleteClaimedBatches())
                .as("leases still name its messages")
                .isZero();
    }

    @Test
    void aMessageQueuedAloneGetsARowOfTheQueueThatClaimsTakeWithOthers() {
        UUID mailout = mailout("RUNNING", "Joined late", "1 hour", null, null);
        UUID first = release(mailout, 1, null).get(0);
        UUID second = release(mailout, 1, null).get(0);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM sending.delivery_batch", Integer.class))
                .isZero();
        assertThat(queue.claim("node-a", Channel.SMS, 10, LEASE, END_GUARD))
                .as("both in one claim, each at its first event's version")
                .allSatisfy(delivery -> {
                    assertThat(delivery.batch()).isNull();
                    assertThat(delivery.version()).isZero();
                })
                .extracting(delivery -> delivery.messageId().value())
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aMessageClaimedFromItsBatchGetsAQueueRowOnlyWhenItNeedsAnotherAttempt() {
        UUID mailout = mailout("RUNNING", "Released", "1 hour", null, null);
        List<UUID> released = release(mailout, 2, null);
        List<PendingDelivery> claimed = queue.claim("node-a", Channel.SMS, 2, LEASE, END_GUARD);

        record(claimed.get(0), attempt(claimed.get(0), new AttemptResult.Failed(ErrorKind.SERVER_ERROR, "500", null)));
        record(claimed.get(1), attempt(claimed.get(1), new AttemptResult.Delivered()));

        assertThat(queueRows()).containsExactly(released.get(0));
        assertThat(jdbc.queryForMap(
                        "SELECT attempts, version, due_at > now() AS later FROM sending.delivery_queue"
                                + " WHERE message_id = ?",
                        released.get(0)))
                .as("the failed attempt's retry: attempt 1 made, event 1 its last, due later")
                .containsEntry("attempts", 1)
                .containsEntry("version", 1L)
                .containsEntry("later", true);
        assertThat(queue.deleteClaimedBatches())
                .as("every message claimed, no lease left")
                .isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sending.delivery_batch", Integer.class))
                .isZero();
    }

    @Test
    void messagesGivenBackOrLeftInALeaseThatRanOutGetQueueRowsUnlessTheirOutcomeIsRecorded() {
        UUID mailout = mailout("RUNNING", "Released", "1 hour", null, null);
        List<UUID> released = release(mailout, 3, null);
        List<PendingDelivery> claimed = queue.claim("dead-node", Channel.SMS, 3, LEASE, END_GUARD);
        record(claimed.get(0), attempt(claimed.get(0), new AttemptResult.Delivered()));
        transactions.executeWithoutResult(status -> {
            queue.unlease(claimed.subList(1, 2));
            queue.requeue(claimed.subList(1, 2));
        });
        assertThat(queueRows()).as("given back").containsExactly(released.get(1));

        jdbc.update("UPDATE sending.delivery_lease SET until = now() - INTERVAL '1 second'");
        assertThat(queue.dropRunOutLeases()).isOne();

        assertThat(queueRows())
                .as("the one the dead node never recorded, beside the one given back; not the one sent")
                .containsExactlyInAnyOrder(released.get(1), released.get(2));
        assertThat(queue.claim("node-b", Channel.SMS, 10, LEASE, END_GUARD))
                .as("claimed again from the queue, as not attempted yet")
                .allSatisfy(delivery -> {
                    assertThat(delivery.batch()).isNull();
                    assertThat(delivery.attempts()).isZero();
                    assertThat(delivery.version()).isZero();
                })
                .extracting(delivery -> delivery.messageId().value())
                .containsExactlyInAnyOrder(released.get(1), released.get(2));
    }

    @Test
    void theSweeperTakesTheMessagesNoClaimTookOfACancelledMailoutsBatch() {
        UUID mailout = mailout("CANCELLED", "Cancelled", "1 hour", null, null);
        List<UUID> released = release(mailout, 4, null);

        List<DeliveryQueue.QueuedMessage> first = transactions.execute(status -> queue.lockCancelled(500));
        assertThat(first).extracting(locked -> locked.messageId().value()).isEqualTo(released);
        List<DeliveryQueue.QueuedMessage> second = transactions.execute(status -> queue.lockCancelled(500));
        assertThat(second).isEmpty();
        assertThat(queue.deleteClaimedBatches()).isOne();
    }

    @Test
    void theMessagesWaitingNearTheirMailoutsEndIncludeThoseNoClaimTookOfABatch() {
        UUID mailout = mailout("RUNNING", "Ending", "10 minutes", null, null);
        release(mailout, 5, null, Duration.ofMinutes(10));
        assertThat(queue.claim("node-a", Channel.SMS, 2, LEASE, END_GUARD)).hasSize(2);
        MeterRegistry meters = new SimpleMeterRegistry();
        new PendingNearEnd(jdbc).bindTo(meters);

        assertThat(meters.get("mailing.delivery.pending.near.end").gauge().value())
                .as("the three not claimed yet")
                .isEqualTo(3);
    }

    @Test
    void aMessageDeferredInTheUnitOfWorkThatQueuedItIsWrittenToTheQueueAlone() {
        LocalTime opens = LocalTime.now(ZoneOffset.UTC).plusHours(2).withNano(0);
        UUID mailout = mailout("RUNNING", "Windowed", "1 day", opens, opens.plusHours(1));
        List<UUID> released = release(mailout, 2, new DeliveryWindow(opens, opens.plusHours(1)));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM sending.delivery_batch", Integer.class))
                .isZero();
        assertThat(jdbc.queryForList(
                        "SELECT version FROM sending.delivery_queue WHERE due_at > now() + INTERVAL '1 hour'",
                        Long.class))
                .as("both deferred to the window's opening, event 1 (MessageDeferred) their last")
                .containsExactly(1L, 1L);
        assertThat(queueRows()).containsExactlyInAnyOrderElementsOf(released);
    }

    private void fill(UUID busy, UUID other) {
        // Both from one clock reading: inserting 20,000 rows can take longer than the second between them.
        OffsetDateTime anHourAgo = OffsetDateTime.now().minusHours(1);
        dueMessages(busy, 20_000, anHourAgo);
        dueMessages(other, 20_000, anHourAgo.minusSeconds(1));
        jdbc.update("""
                INSERT INTO sending.delivery_lease (lease_id, node, until, message_ids)
                SELECT gen_random_uuid(), 'other-node', now() + INTERVAL '1 minute', array_agg(message_id)
                  FROM (SELECT message_id FROM sending.delivery_queue WHERE mailout_id = ?
                         ORDER BY due_at LIMIT 200) front
                """, busy);
    }

    /** Rows read from the queue by every scan of it in an actual run of the claim (rolled back). */
    private long rowsOfTheQueueReadByAClaim() {
        return sumOverScansOfTheQueue(
                claimPlans(),
                node -> (node.path("Actual Rows").asLong()
                                + node.path("Rows Removed by Filter").asLong()
                                + node.path("Rows Removed by Index Recheck").asLong())
                        * node.path("Actual Loops").asLong());
    }

    /** Pages the claim's scan of the {@code (mailout_id, due_at)} index read (heap pages included). */
    private long pagesReadByAClaimFromTheMailoutsRange() {
        return sumOverScansOfTheQueue(
                claimPlans(),
                node -> "delivery_queue_mailout_due"
                                .equals(node.path("Index Name").asText())
                        ? node.path("Shared Hit Blocks").asLong()
                                + node.path("Shared Read Blocks").asLong()
                        : 0);
    }

    /** The plan of an actual run of the claim's statement that reads the queue, rolled back. */
    private List<JsonNode> claimPlans() {
        return transactions.execute(status -> {
            status.setRollbackOnly();
            jdbc.queryForList(DeliveryQueue.CLAIM_SETTINGS);
            String due = jdbc.queryForObject(
                    "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + DeliveryQueue.CLAIM_DUE,
                    String.class,
                    jdbc.queryForList(DeliveryQueue.LEASED, UUID.class).toArray(UUID[]::new),
                    END_GUARD.toMillis(),
                    BATCH,
                    Channel.SMS.name(),
                    END_GUARD.toMillis(),
                    BATCH);
            return List.of(plan(due));
        });
    }

    private static JsonNode plan(String json) {
        try {
            return new ObjectMapper().readTree(json).get(0).get("Plan");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable plan " + json, e);
        }
    }

    private static long sumOverScansOfTheQueue(List<JsonNode> plans, ToLongFunction<JsonNode> figure) {
        long sum = 0;
        for (JsonNode plan : plans) {
            sum += sumOverScansOfTheQueue(plan, figure);
        }
        return sum;
    }

    private static long sumOverScansOfTheQueue(JsonNode node, ToLongFunction<JsonNode> figure) {
        long sum = "delivery_queue".equals(node.path("Relation Name").asText()) ? figure.applyAsLong(node) : 0;
        for (JsonNode child : node.path("Plans")) {
            sum += sumOverScansOfTheQueue(child, figure);
        }
        return sum;
    }

    private UUID mailout(String state, String text, String endsIn, LocalTime windowFrom, LocalTime windowTo) {
        UUID mailout = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO sending.dispatch_mailout (mailout_id, text, operator_codes, tags, window_from, window_to,
                                                      end_at, late_joiners, audience_seq, state)
                VALUES (?, ?, '{}', '{}', ?, ?, now() + ?::interval, FALSE, 0, ?)
                """, mailout, text, windowFrom, windowTo, endsIn, state);
        return mailout;
    }

    private UUID message(UUID mailout, String dueIn) {
        return message(mailout, dueIn, "1 hour");
    }

    /** A message due in {@code dueIn} whose own end (a one-off's {@code sendBefore}) is {@code endsIn} away. */
    private UUID message(UUID mailout, String dueIn, String endsIn) {
        UUID message = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO sending.delivery_queue (message_id, mailout_id, customer_id, provider_message_id, phone,
                                                    time_zone, end_at, attempts, due_at)
                VALUES (?, ?, ?, 1, '79160000001', 'UTC', now() + ?::interval, 0, now() + ?::interval)
                """, message, mailout, UUID.randomUUID(), endsIn, dueIn);
        return message;
    }

    /** A lease of these messages by {@code node}, running for {@code runsFor} from now (ran out when negative). */
    private UUID lease(String node, String runsFor, UUID... messages) {
        UUID lease = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO sending.delivery_lease (lease_id, node, until, message_ids)"
                        + " VALUES (?, ?, now() + ?::interval, ?)",
                lease,
                node,
                runsFor,
                messages);
        return lease;
    }

    /** {@code count} messages of the mailout, due a millisecond apart from {@code firstDue} on. */
    private void dueMessages(UUID mailout, int count, OffsetDateTime firstDue) {
        jdbc.update("""
                INSERT INTO sending.delivery_queue (message_id, mailout_id, customer_id, provider_message_id, phone,
                                                    time_zone, end_at, attempts, due_at)
                SELECT gen_random_uuid(), ?, gen_random_uuid(), i, '7916' || lpad(i::text, 7, '0'), 'UTC',
                       now() + INTERVAL '1 hour', 0, ? + i * INTERVAL '1 millisecond'
                  FROM generate_series(1, ?) i
                """, mailout, firstDue, count);
    }

    /**
     * Queues a message to each of {@code count} new customers of the mailout (ending in a day) in one transaction and
     * unit of work, as a release batch does; answers their ids in order.
     */
    private List<UUID> release(UUID mailout, int count, DeliveryWindow window) {
        return release(mailout, count, window, Duration.ofDays(1));
    }

    private List<UUID> release(UUID mailout, int count, DeliveryWindow window, Duration endsIn) {
        Instant endAt = Instant.now().plus(endsIn);
        List<QueueMessage> messages = IntStream.range(0, count)
                .mapToObj(i -> new QueueMessage(
                        mailout,
                        UUID.randomUUID(),
                        "7916000000" + i,
                        "Released",
                        "UTC",
                        window,
                        endAt,
                        Channel.SMS,
                        null))
                .toList();
        transactions.executeWithoutResult(status -> DefaultUnitOfWork.startAndGet(null)
                .execute(() -> messages.forEach(message -> commands.sendAndWait(new QueueNewMessage(message)))));
        return messages.stream().map(message -> message.messageId().value()).toList();
    }

    private static RecordAttempt attempt(PendingDelivery delivery, AttemptResult result) {
        return new RecordAttempt(delivery.messageId(), delivery.attempts() + 1, Instant.now(), Instant.now(), result);
    }

    /** Records the outcome of a claimed message as the outcome recorder does, in one transaction with its lease's. */
    private void record(PendingDelivery delivery, RecordAttempt command) {
        transactions.executeWithoutResult(status -> {
            queue.unlease(List.of(delivery));
            DefaultUnitOfWork.startAndGet(null).execute(() -> {
                MessageRepository.offer(List.of(delivery.snapshot()));
                ClaimedBatches.offer(List.of(delivery));
                commands.sendAndWait(command);
            });
        });
    }

    private List<UUID> queueRows() {
        return jdbc.queryForList("SELECT message_id FROM sending.delivery_queue", UUID.class);
    }
}
