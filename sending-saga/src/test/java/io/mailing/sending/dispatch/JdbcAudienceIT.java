package io.mailing.sending.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailing.events.mailout.Channel;
import io.mailing.sending.SendingServiceApplication;
import io.mailing.sending.message.MessageCommands.QueueMessage;
import io.mailing.sending.message.MessageCommands.QueueNewMessage;
import io.mailing.testsupport.WithPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The release's reads on a real database: the audience walked in key order a window at a time, with the filter's
 * rules, and the batch look-up of messages already queued.
 */
@WithPostgres
@SpringBootTest(
        classes = SendingServiceApplication.class,
        properties = {"mailing.delivery.enabled=false", "mailing.dispatch.batch-size=2"})
class JdbcAudienceIT {

    private static final int WINDOW = 2 * JdbcAudience.WINDOW_BATCHES;

    private final JdbcAudience audience;
    private final QueuedMessages queuedMessages;
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    JdbcAudienceIT(JdbcAudience audience, QueuedMessages queuedMessages, JdbcTemplate jdbc, CommandGateway commands) {
        this.audience = audience;
        this.queuedMessages = queuedMessages;
        this.jdbc = jdbc;
        this.commands = commands;
    }

    @Test
    void walksTheAudienceInKeyOrderKeepingOnlyTheMailoutsCustomers() {
        UUID mailout = UUID.randomUUID();
        // A window's worth of customers the mailout does not take: another operator, another tag, removed.
        for (int i = 0; i < WINDOW; i++) {
            customer(id(mailout, 1, i), i % 3 == 0 ? "903" : "916", i % 3 == 1 ? "other" : "vip", i % 3 != 2);
        }
        UUID anna = id(mailout, 2, 1);
        UUID boris = id(mailout, 2, 2);
        UUID clara = id(mailout, 2, 3);
        customer(anna, "916", "vip", true);
        customer(boris, "916", "vip", true);
        customer(clara, "916", "vip", true);
        startMailout(mailout, List.of("916"), List.of("vip"));
        customer(id(mailout, 2, 4), "916", "vip", true); // joined after the start: not in the fixed audience

        Release first = audience.next(mailout, null);
        assertThat(first.recipients())
                .as("a window with none of the mailout's customers")
                .isEmpty();
        assertThat(first.cursor()).isEqualTo(id(mailout, 1, WINDOW - 1));
        assertThat(first.last()).as("the walk is not over").isFalse();

        Release second = audience.next(mailout, first.cursor());
        assertThat(second.recipients()).extracting(Recipient::customerId).containsExactly(anna, boris);
        assertThat(second.cursor()).isEqualTo(boris);
        assertThat(second.last()).isFalse();

        Release third = audience.next(mailout, second.cursor());
        assertThat(third.recipients()).extracting(Recipient::customerId).containsExactly(clara);
        assertThat(third.cursor()).as("the late joiner was looked at").isEqualTo(id(mailout, 2, 4));
        assertThat(third.last()).isTrue();
    }

    @Test
    void aFollowUpsAudienceIsItsOriginalsUndeliveredCustomersStillActive() {
        UUID original = UUID.randomUUID();
        UUID followUp = UUID.randomUUID();
        UUID anna = id(original, 1, 1);
        UUID boris = id(original, 1, 2);
        UUID clara = id(original, 1, 3);
        UUID dora = id(original, 1, 4);
        customer(anna, "916", "vip", true);
        customer(boris, "916", "vip", false); // removed since
        customer(clara, "916", "vip", true);
        customer(dora, "916", "vip", true); // delivered: not undelivered
        for (UUID customer : List.of(anna, boris, clara)) {
            jdbc.update("INSERT INTO sending.undelivered (mailout_id, customer_id) VALUES (?, ?)", original, customer);
        }
        jdbc.update("INSERT INTO sending.follow_up (mailout_id, follow_up_of) VALUES (?, ?)", followUp, original);
        startMailout(followUp, List.of("916"), List.of("vip"));

        Release first = audience.next(followUp, null);
        assertThat(first.recipients()).extracting(Recipient::customerId).containsExactly(anna);
        assertThat(first.last()).isFalse();
        Release second = audience.next(followUp, first.cursor());
        assertThat(second.recipients()).extracting(Recipient::customerId).containsExactly(clara);
        assertThat(second.last()).isTrue();
    }

    @Test
    void findsWhichMessagesOfABatchAreQueuedAlready() {
        UUID mailout = UUID.randomUUID();
        QueueMessage queued = queue(mailout, UUID.randomUUID());
        QueueMessage notQueued = queue(mailout, UUID.randomUUID());
        commands.sendAndWait(new QueueNewMessage(queued));

        assertThat(queuedMessages.existing(List.of(queued.messageId(), notQueued.messageId())))
                .containsExactly(queued.messageId());
        assertThat(queuedMessages.existing(List.of())).isEmpty();
        assertThatThrownBy(() -> commands.sendAndWait(new QueueNewMessage(queued)))
                .as("a message created twice fails instead");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM axon.domain_event_entry WHERE aggregateidentifier = ?",
                        Long.class,
                        queued.messageId().toString()))
                .isEqualTo(1);
    }

    private static QueueMessage queue(UUID mailout, UUID customer) {
        return new QueueMessage(
                mailout,
                customer,
                "+79160000001",
                "Hello",
                "UTC",
                null,
                Instant.now().plus(1, ChronoUnit.HOURS),
                Channel.SMS,
                null);
    }

    /** Ids that sort by (group, index) within this mailout's test data, apart from every other test's. */
    private static UUID id(UUID mailout, int group, int index) {
        return new UUID(mailout.getMostSignificantBits(), ((long) group << 32) | index);
    }

    private void customer(UUID id, String operatorCode, String tag, boolean active) {
        jdbc.update(
                "INSERT INTO sending.audience (customer_id, phone, operator_code, tags, time_zone, active)"
                        + " VALUES (?, ?, ?, ARRAY[?], 'UTC', ?)",
                id,
                "7916" + Math.abs(id.getLeastSignificantBits() % 10_000_000),
                operatorCode,
                tag,
                active);
    }

    private void startMailout(UUID mailout, List<String> operatorCodes, List<String> tags) {
        jdbc.update("""
                INSERT INTO sending.dispatch_mailout (mailout_id, text, operator_codes, tags, end_at, late_joiners,
                                                      audience_seq, state)
                SELECT ?, 'Hello', ?::text[], ?::text[], now() + INTERVAL '1 hour', FALSE, MAX(seq), 'RUNNING'
                  FROM sending.audience
                """, mailout, "{" + String.join(",", operatorCodes) + "}", "{" + String.join(",", tags) + "}");
    }
}
