package io.mailing.sending.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailing.events.mailout.Channel;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageStatus;
import io.mailing.sending.SendingServiceApplication;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.sending.message.MessageCommands.QueueNewMessage;
import io.mailing.sending.message.MessageCommands.RecordAttempt;
import io.mailing.testsupport.WithPostgres;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A message built from its snapshot instead of its events, on the real event store: the snapshot is what decides
 * the command, its version is what the new events are appended after, and a snapshot that other events have
 * overtaken fails the append and changes nothing.
 */
@WithPostgres
@SpringBootTest(classes = SendingServiceApplication.class, properties = "mailing.delivery.enabled=false")
class MessageSnapshotIT {

    private static final String ZONE = "Europe/Moscow";
    private static final Instant END_AT = Instant.now().plus(1, ChronoUnit.HOURS);

    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;

    MessageSnapshotIT(CommandGateway commands, TransactionTemplate transactions, JdbcTemplate jdbc) {
        this.commands = commands;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Test
    void theQueueRowKeepsTheVersionOfTheMessagesLastEvent() {
        MessageId message = queued();
        assertThat(queueVersion(message)).isZero();

        failAttempt(message, 1);

        assertThat(queueVersion(message))
                .as("MessageQueued is event 0, the failed attempt event 1")
                .isOne();
    }

    @Test
    void decidesFromTheSnapshotAndAppendsAfterItsVersion() {
        MessageId message = queued();
        // The events say no attempt was made; this snapshot says one was. Only a message built from the snapshot
        // takes attempt 2 as its next one.
        MessageSnapshot snapshot = snapshot(message, 1, 0);

        MessageStatus status = recordInBatch(
                snapshot, new RecordAttempt(message, 2, Instant.now(), Instant.now(), new AttemptResult.Delivered()));

        assertThat(status).isEqualTo(MessageStatus.SENT);
        assertThat(events(message))
                .containsExactly(Map.of("seq", 0L, "type", "MessageQueued"), Map.of("seq", 1L, "type", "MessageSent"));
        assertThat(queueRows(message)).as("a sent message leaves the queue").isZero();
    }

    @Test
    void aSnapshotOvertakenByAnotherEventChangesNothing() {
        MessageId message = queued();
        MessageSnapshot stale = snapshot(message, 0, 0);
        failAttempt(message, 1);

        assertThatThrownBy(() -> recordInBatch(
                        stale,
                        new RecordAttempt(message, 1, Instant.now(), Instant.now(), new AttemptResult.Delivered())))
                .as("event 1 exists already: the append conflicts");

        assertThat(events(message))
                .extracting(event -> event.get("type"))
                .containsExactly("MessageQueued", "MessageAttemptFailed");
        assertThat(queueVersion(message)).isOne();

        MessageStatus status = transactions.execute(tx -> commands.sendAndWait(
                new RecordAttempt(message, 2, Instant.now(), Instant.now(), new AttemptResult.Delivered())));
        assertThat(status)
                .as("recorded again without the snapshot, from the events")
                .isEqualTo(MessageStatus.SENT);
    }

    private MessageId queued() {
        QueueMessage queue = new QueueMessage(
                UUID.randomUUID(), UUID.randomUUID(), "79161234567", "Hello", ZONE, null, END_AT, Channel.SMS, null);
        commands.sendAndWait(new QueueNewMessage(queue));
        return queue.messageId();
    }

    private void failAttempt(MessageId message, int attempt) {
        commands.sendAndWait(new RecordAttempt(
                message,
                attempt,
                Instant.now(),
                Instant.now(),
                new AttemptResult.Failed(ErrorKind.SERVER_ERROR, "HTTP 500", null)));
    }

    private MessageSnapshot snapshot(MessageId message, int attempts, long version) {
        UUID[] ids = jdbc.queryForObject(
                "SELECT mailout_id, customer_id FROM sending.delivery_queue WHERE message_id = ?",
                (rs, row) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)},
                message.value());
        return new MessageSnapshot(message, ids[0], ids[1], attempts, END_AT, null, ZoneId.of(ZONE), version);
    }

    /** As the outcome recorder does: one transaction and unit of work, the snapshots offered first. */
    private MessageStatus recordInBatch(MessageSnapshot snapshot, RecordAttempt command) {
        AtomicReference<MessageStatus> status = new AtomicReference<>();
        transactions.executeWithoutResult(
                tx -> DefaultUnitOfWork.startAndGet(null).execute(() -> {
                    MessageRepository.offer(List.of(snapshot));
                    status.set(commands.sendAndWait(command));
                }));
        return status.get();
    }

    private List<Map<String, Object>> events(MessageId message) {
        return jdbc.query(
                "SELECT sequencenumber, payloadtype FROM axon.domain_event_entry WHERE aggregateidentifier = ?"
                        + " ORDER BY sequencenumber",
                (rs, row) -> Map.of(
                        "seq",
                        rs.getLong(1),
                        "type",
                        rs.getString(2).substring(rs.getString(2).lastIndexOf('.') + 1)),
                message.toString());
    }

    private Long queueVersion(MessageId message) {
        return jdbc.queryForObject(
                "SELECT version FROM sending.delivery_queue WHERE message_id = ?", Long.class, message.value());
    }

    private Integer queueRows(MessageId message) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM sending.delivery_queue WHERE message_id = ?", Integer.class, message.value());
    }
}
