package io.mailing.query.message;

import static io.mailing.query.message.MessageRowTest.CUSTOMER;
import static io.mailing.query.message.MessageRowTest.MAILOUT;
import static io.mailing.query.message.MessageRowTest.MESSAGE;
import static io.mailing.query.message.MessageRowTest.QUEUED;
import static io.mailing.query.message.MessageRowTest.QUEUED_AT;
import static io.mailing.query.message.MessageRowTest.attemptFailed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.events.mailout.MailoutCompleted;
import io.mailing.events.message.ErrorKind;
import io.mailing.events.message.MessageFailed;
import io.mailing.events.message.MessageSent;
import io.mailing.events.message.MessageStatus;
import io.mailing.query.statistics.DeliveryFigures;
import io.mailing.query.statistics.DeliveryFigures.FailureReason;
import io.mailing.query.statistics.MessageCounts;
import io.mailing.query.statistics.StatisticsStore;
import io.mailing.testsupport.MigratedDatabase;
import io.mailing.testsupport.ProjectionFixture;
import java.time.Instant;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The message rows and a mailout's figures as the projection writes them, on the query schema, without Spring; a
 * message's events are also in an event store of their own (the axon schema, in a database of its own), from which a
 * message that has no row yet is read.
 */
class MessageProjectionIT {

    private static final MigratedDatabase DATABASE = MigratedDatabase.of("query");
    private static final MigratedDatabase EVENTS = MigratedDatabase.of("axon");
    private static final Serializer SERIALIZER = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules())
            .build();
    private static final EventStorageEngine EVENT_STORE = JdbcEventStorageEngine.builder()
            .connectionProvider(new DataSourceConnectionProvider(EVENTS.jdbc().getDataSource()))
            .transactionManager(NoTransactionManager.INSTANCE)
            .eventSerializer(SERIALIZER)
            .snapshotSerializer(SERIALIZER)
            .schema(EventSchema.builder()
                    .eventTable("axon.domain_event_entry")
                    .snapshotTable("axon.snapshot_event_entry")
                    .build())
            .build();
    private static final Instant SENT_AT = QUEUED_AT.plusSeconds(40);
    private static final MessageSent SENT = new MessageSent(MESSAGE, MAILOUT, CUSTOMER, 2, SENT_AT, SENT_AT);

    private final MessageEvents events = new MessageEvents(EVENTS.jdbc(), EVENT_STORE, SERIALIZER);
    private final MessageStore rows = new MessageStore(DATABASE.jdbc(), events);
    private final StatisticsStore statistics = new StatisticsStore(DATABASE.jdbc());
    private final ProjectionFixture fixture =
            new ProjectionFixture(new MessageProjection(DATABASE.jdbc(), rows, events));

    @BeforeEach
    void emptyTheReadModelsAndTheEventStore() {
        DATABASE.empty();
        EVENTS.empty();
        // At position 1, where the fixture hands QUEUED to the projection (the emptied store starts again at 1).
        EVENT_STORE.appendEvents(new GenericDomainEventMessage<>("Message", MESSAGE.toString(), 0, QUEUED));
    }

    @Test
    void writesNoRowForAMessageWaitingForItsFirstAttemptButCountsItAndReadsItFromItsEvents() {
        fixture.when(QUEUED);

        assertThat(DATABASE.jdbc().queryForObject("SELECT count(*) FROM query.message", Long.class))
                .isZero();
        assertThat(statistics.counts(MAILOUT).of(MessageStatus.QUEUED)).isEqualTo(1);
        assertThat(rows.find(MESSAGE)).hasValueSatisfying(message -> {
            assertThat(message.status()).isEqualTo(MessageStatus.QUEUED);
            assertThat(message.phone()).isEqualTo("79161234567");
            assertThat(message.queuedAt()).isEqualTo(QUEUED_AT);
        });
    }

    @Test
    void writesTheRowOfAMessageSentAtItsFirstAttemptFromItsQueuingInTheEventStore() {
        fixture.given(QUEUED).when(SENT);

        assertThat(DATABASE.jdbc().queryForObject("SELECT queued_position FROM query.message", Long.class))
                .as("the global position of its MessageQueued in the event store")
                .isEqualTo(EVENTS.jdbc().queryForObject("SELECT globalindex FROM axon.domain_event_entry", Long.class));
        assertThat(rows.find(MESSAGE)).hasValueSatisfying(message -> {
            assertThat(message.status()).isEqualTo(MessageStatus.SENT);
            assertThat(message.phone()).isEqualTo("79161234567");
            assertThat(message.queuedAt()).isEqualTo(QUEUED_AT);
            assertThat(message.sentAt()).isEqualTo(SENT_AT);
        });
    }

    @Test
    void countsAQueuedMessageForItsMailout() {
        fixture.when(QUEUED);

        assertThat(statistics.counts(MAILOUT).of(MessageStatus.QUEUED)).isEqualTo(1);
        assertThat(statistics.figures(MAILOUT).firstQueuedAt()).isEqualTo(QUEUED_AT);
    }

    @Test
    void foldsAMessagesEventsInOneBatchIntoItsLastStatusAndCountsOnlyThat() {
        fixture.when(QUEUED, attemptFailed(1, ErrorKind.TIMEOUT, QUEUED_AT.plusSeconds(30)), SENT);

        assertThat(rows.find(MESSAGE)).hasValueSatisfying(message -> {
            assertThat(message.status()).isEqualTo(MessageStatus.SENT);
            assertThat(message.attempts()).isEqualTo(2);
            assertThat(message.sentAt()).isEqualTo(SENT_AT);
        });
        DeliveryFigures figures = statistics.figures(MAILOUT);
        assertThat(figures.messages().total()).isEqualTo(1);
        assertThat(figures.messages().of(MessageStatus.SENT)).isEqualTo(1);
        assertThat(figures.attempts()).isEqualTo(2);
        assertThat(figures.failedAttempts()).isEqualTo(1);
        assertThat(figures.failureReasons()).containsExactly(new FailureReason(ErrorKind.TIMEOUT, 1, 0));
        assertThat(figures.lastSentAt()).isEqualTo(SENT_AT);
    }

    @Test
    void movesTheFiguresAcrossBatchesFromOneStatusToTheNext() {
        fixture.given(QUEUED).when(SENT);

        MessageCounts counts = statistics.counts(MAILOUT);
        assertThat(counts.total()).isEqualTo(1);
        assertThat(counts.of(MessageStatus.QUEUED)).isZero();
        assertThat(counts.of(MessageStatus.SENT)).isEqualTo(1);
    }

    @Test
    void anEventHandledAgainChangesNeitherTheMessageNorTheFigures() {
        fixture.given(QUEUED, SENT).whenHandlingAgain(SENT);

        assertThat(statistics.figures(MAILOUT).attempts()).isEqualTo(1);
        assertThat(statistics.counts(MAILOUT).of(MessageStatus.SENT)).isEqualTo(1);
    }

    @Test
    void aQueuingHandledAgainDoesNotBringAFinishedMessageBack() {
        fixture.given(QUEUED, SENT).whenHandlingAgain(QUEUED);

        assertThat(rows.find(MESSAGE))
                .hasValueSatisfying(message -> assertThat(message.status()).isEqualTo(MessageStatus.SENT));
        assertThat(statistics.counts(MAILOUT).total()).isEqualTo(1);
    }

    @Test
    void countsAFailedMessageUnderItsErrorKind() {
        Instant failedAt = QUEUED_AT.plusSeconds(5);

        fixture.given(QUEUED)
                .when(new MessageFailed(MESSAGE, MAILOUT, CUSTOMER, 1, failedAt, ErrorKind.CLIENT_ERROR, "400"));

        DeliveryFigures figures = statistics.figures(MAILOUT);
        assertThat(figures.messages().of(MessageStatus.FAILED)).isEqualTo(1);
        assertThat(figures.failureReasons()).containsExactly(new FailureReason(ErrorKind.CLIENT_ERROR, 0, 1));
        assertThat(figures.lastFinishedAt()).isEqualTo(failedAt);
    }

    @Test
    void ignoresTheEventsOfAMessageNeitherItNorTheEventStoreSawQueued() {
        EVENTS.empty();

        fixture.when(SENT);

        assertThat(rows.find(MESSAGE)).isEmpty();
        assertThat(statistics.counts(MAILOUT).total()).isZero();
    }

    @Test
    void recordsWhenTheSendingSideFoundEveryMessageFinal() {
        Instant completedAt = SENT_AT.plusSeconds(1);

        fixture.given(QUEUED, SENT).when(new MailoutCompleted(MAILOUT, completedAt, 1, 1, 0, 0, 0, 0));

        assertThat(statistics.figures(MAILOUT).dispatchCompletedAt()).isEqualTo(completedAt);
    }
}
